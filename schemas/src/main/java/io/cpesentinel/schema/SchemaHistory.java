package io.cpesentinel.schema;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Writer schemas of record versions already released. Records written by an older producer may sit
 * in Kafka for the whole retention period, and single-object encoding only carries the writer's
 * fingerprint, so a reader must know every schema that was ever used to write.
 *
 * <p>When a schema changes, the previous version is frozen (its full JSON, as {@code
 * Schema.toString(true)} prints it) under {@value #FOLDER} and listed in an {@code index} file
 * there. Every {@code index} on the class path is read, so a module (or a test) can add versions.
 */
final class SchemaHistory {
  static final String FOLDER = "io/cpesentinel/schema/history/";

  private SchemaHistory() {}

  /** Released writer schemas whose full name is {@code fullName}. */
  static List<Schema> load(String fullName) {
    List<Schema> schemas = new ArrayList<>();
    ClassLoader loader = SchemaHistory.class.getClassLoader();
    try {
      for (URL index : Collections.list(loader.getResources(FOLDER + "index"))) {
        for (String entry : entries(index)) {
          Schema schema = parse(loader, entry);
          if (schema.getFullName().equals(fullName)) {
            schemas.add(schema);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the schema history index", e);
    }
    return schemas;
  }

  private static List<String> entries(URL index) throws IOException {
    List<String> entries = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(index.openStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String entry = line.strip();
        if (!entry.isEmpty() && !entry.startsWith("#")) {
          entries.add(entry);
        }
      }
    }
    return entries;
  }

  private static Schema parse(ClassLoader loader, String entry) throws IOException {
    try (InputStream in = loader.getResourceAsStream(FOLDER + entry)) {
      if (in == null) {
        throw new IllegalStateException(
            "schema history index lists " + entry + " but " + FOLDER + entry + " is missing");
      }
      return new Schema.Parser().parse(in);
    }
  }
}
