package io.cpesentinel.epl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The rule modules shipped in the rules module ({@code rules/epl/*.epl} on the class path, from a
 * folder or a jar) or in a folder: the rule id is the file name without {@code .epl}.
 */
public final class ShippedRules {
  public static final String RESOURCE_FOLDER = "rules/epl";

  private ShippedRules() {}

  /** Every {@code rules/epl/*.epl} on the class path, sorted by rule id. */
  public static List<RuleModule> fromClassPath() {
    URL folder = ShippedRules.class.getClassLoader().getResource(RESOURCE_FOLDER);
    if (folder == null) {
      throw new IllegalStateException(RESOURCE_FOLDER + " is not on the class path");
    }
    try {
      if (folder.getProtocol().equals("file")) {
        return fromFolder(Path.of(folder.toURI()));
      }
      List<RuleModule> modules = new ArrayList<>();
      JarURLConnection connection = (JarURLConnection) folder.openConnection();
      // Our own JarFile: the cached one is shared by every caller in the JVM (subtasks open
      // concurrently), and closing it would pull it from under them.
      connection.setUseCaches(false);
      try (JarFile jar = connection.getJarFile()) {
        Enumeration<JarEntry> entries = jar.entries();
        while (entries.hasMoreElements()) {
          JarEntry entry = entries.nextElement();
          String name = entry.getName();
          if (name.startsWith(RESOURCE_FOLDER + "/") && name.endsWith(".epl")) {
            try (InputStream in = jar.getInputStream(entry)) {
              String file = name.substring(name.lastIndexOf('/') + 1);
              modules.add(
                  module(
                      file,
                      new String(in.readAllBytes(), StandardCharsets.UTF_8),
                      "classpath:" + name));
            }
          }
        }
      }
      modules.sort((a, b) -> a.ruleId().compareTo(b.ruleId()));
      return modules;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + folder, e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot read " + folder, e);
    }
  }

  /** Every {@code *.epl} in {@code folder}, sorted by rule id. */
  public static List<RuleModule> fromFolder(Path folder) throws IOException {
    List<RuleModule> modules = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".epl")).sorted().toList()) {
        modules.add(fromFile(file));
      }
    }
    return modules;
  }

  /** One module file; its rule id is its file name without {@code .epl}. */
  public static RuleModule fromFile(Path file) throws IOException {
    return module(
        file.getFileName().toString(),
        Files.readString(file, StandardCharsets.UTF_8),
        file.toString());
  }

  private static RuleModule module(String fileName, String text, String source) {
    return new RuleModule(
        fileName.substring(0, fileName.length() - ".epl".length()), null, text, source);
  }
}
