package io.cpesentinel.ingest.http;

import io.cpesentinel.ingest.xml.RejectReason;
import io.cpesentinel.ingest.xml.RejectedInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * HTTP content codings of CWMP bodies (some CPEs and ACSs gzip them), decoded with the JDK's
 * inflaters into a bounded buffer, so a small compressed bomb cannot inflate without limit.
 */
public final class ContentCodings {
  private ContentCodings() {}

  /** The normalized coding, or a rejection for one the ingest does not decode. */
  public static String check(String contentEncoding) throws RejectedInputException {
    String coding =
        contentEncoding == null ? "identity" : contentEncoding.strip().toLowerCase(Locale.ROOT);
    if (!coding.equals("identity") && !coding.equals("gzip") && !coding.equals("deflate")) {
      throw new RejectedInputException(
          RejectReason.UNSUPPORTED_ENCODING,
          "Content-Encoding '" + contentEncoding + "' is not supported (identity, gzip, deflate)");
    }
    return coding;
  }

  /** Decodes {@code body}; at most {@code maxBytes} come out. */
  public static byte[] decode(String coding, byte[] body, int maxBytes)
      throws RejectedInputException {
    if (coding.equals("identity") || body.length == 0) {
      return body;
    }
    try (InputStream in =
        coding.equals("gzip")
            ? new GZIPInputStream(new ByteArrayInputStream(body))
            : new InflaterInputStream(new ByteArrayInputStream(body))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, body.length * 4));
      byte[] buffer = new byte[8192];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        if (out.size() + n > maxBytes) {
          throw new RejectedInputException(
              RejectReason.BODY_TOO_LARGE,
              "the " + coding + " body inflates beyond " + maxBytes + " bytes");
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new RejectedInputException(
          RejectReason.TRUNCATED, "the " + coding + " body does not decode: " + e, e);
    }
  }
}
