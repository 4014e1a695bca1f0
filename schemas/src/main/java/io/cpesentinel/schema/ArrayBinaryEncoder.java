package io.cpesentinel.schema;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.avro.io.BinaryData;
import org.apache.avro.io.BinaryEncoder;

/**
 * Avro's binary encoding straight into a growable array: the same bytes as Avro's own binary
 * encoders, with numbers written by Avro's {@link BinaryData} helpers. It exists for strings, which
 * are most of an Inform's bytes (every parameter's path, value and type): Avro's encoder copies a
 * string into a scratch buffer a character at a time before copying it again into its output, where
 * {@link String#getBytes} copies a Latin-1 string's bytes in one vectorised step. Not thread-safe;
 * {@link AvroValueCodec} keeps one per thread.
 */
final class ArrayBinaryEncoder extends BinaryEncoder {
  private byte[] buffer;
  private int position;

  ArrayBinaryEncoder(int capacity) {
    buffer = new byte[capacity];
  }

  /** Forgets what was written; keeps the array. */
  void reset() {
    position = 0;
  }

  /** What was written since the last reset, copied. */
  byte[] toByteArray() {
    return Arrays.copyOf(buffer, position);
  }

  /** The array's length: what this encoder holds on to between values. */
  int capacity() {
    return buffer.length;
  }

  @Override
  public void writeString(String string) {
    if (string.isEmpty()) {
      writeZero();
      return;
    }
    byte[] utf8 = string.getBytes(StandardCharsets.UTF_8);
    writeInt(utf8.length);
    writeFixed(utf8, 0, utf8.length);
  }

  @Override
  public void writeBoolean(boolean b) {
    room(1);
    position += BinaryData.encodeBoolean(b, buffer, position);
  }

  @Override
  public void writeInt(int n) {
    room(5);
    position += BinaryData.encodeInt(n, buffer, position);
  }

  @Override
  public void writeLong(long n) {
    room(10);
    position += BinaryData.encodeLong(n, buffer, position);
  }

  @Override
  public void writeFloat(float f) {
    room(4);
    position += BinaryData.encodeFloat(f, buffer, position);
  }

  @Override
  public void writeDouble(double d) {
    room(8);
    position += BinaryData.encodeDouble(d, buffer, position);
  }

  @Override
  public void writeFixed(byte[] bytes, int start, int length) {
    room(length);
    System.arraycopy(bytes, start, buffer, position, length);
    position += length;
  }

  @Override
  protected void writeZero() {
    room(1);
    buffer[position++] = 0;
  }

  /** Nothing is held back: every byte is in the array as soon as it is written. */
  @Override
  public int bytesBuffered() {
    return 0;
  }

  @Override
  public void flush() {
    // nothing to flush: the array is the output
  }

  private void room(int bytes) {
    if (buffer.length - position < bytes) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, position + bytes));
    }
  }
}
