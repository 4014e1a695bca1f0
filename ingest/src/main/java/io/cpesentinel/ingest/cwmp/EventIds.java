package io.cpesentinel.ingest.cwmp;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import java.security.SecureRandom;
import java.util.Random;

/**
 * Event ids for records this ingest produces: UUIDv7 (RFC 9562), unique across nodes and ordered by
 * creation time, so ids cited as evidence sort like the events they name.
 */
public final class EventIds {
  /**
   * Ids must be unique, not unpredictable, so the random bits come from a fast generator, not
   * SecureRandom (whose lock and system calls cost more than the rest of building a record).
   */
  private final TimeBasedEpochGenerator generator =
      Generators.timeBasedEpochGenerator(new Random(new SecureRandom().nextLong()));

  public String next() {
    return generator.generate().toString();
  }
}
