package io.cpesentinel.ingest.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The realistic Informs under {@code src/test/resources/informs/} (TR-098, TR-181 and TR-106
 * devices, every Inform event code, the three CWMP namespaces) and what each one holds, from the
 * corpus's {@code index.tsv}.
 */
public final class InformCorpus {
  private InformCorpus() {}

  /** One corpus entry; {@code events} are {@code code=commandKey} pairs in order. */
  public record Entry(
      String file,
      String namespace,
      String dataModel,
      List<String> events,
      int parameters,
      String serial,
      String productClass,
      String supportedVersions) {
    public byte[] bytes() {
      return resource("/informs/" + file);
    }

    @Override
    public String toString() {
      return file;
    }
  }

  public static List<Entry> entries() {
    String index = new String(resource("/informs/index.tsv"), StandardCharsets.UTF_8);
    List<Entry> entries = new ArrayList<>();
    for (String line : index.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t", -1);
      entries.add(
          new Entry(
              f[0],
              f[1],
              f[2],
              Arrays.asList(f[3].split("\\|")),
              Integer.parseInt(f[4]),
              f[5],
              f[6],
              f[7].isEmpty() ? null : f[7]));
    }
    return entries;
  }

  public static Entry entry(String file) {
    return entries().stream()
        .filter(e -> e.file().equals(file))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no corpus entry " + file));
  }

  /** A test resource's bytes. */
  public static byte[] resource(String path) {
    try (InputStream in = InformCorpus.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("missing test resource " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String text(String path) {
    return new String(resource(path), StandardCharsets.UTF_8);
  }
}
