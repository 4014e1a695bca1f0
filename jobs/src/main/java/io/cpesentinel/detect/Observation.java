package io.cpesentinel.detect;

/**
 * A member seen under a key at a time: a device failing authentication from a source address, or a
 * device adopting a new value of a watched setting. A Flink POJO.
 */
public class Observation {
  public String key;
  public String member;
  public long at;

  public Observation() {}

  public Observation(String key, String member, long at) {
    this.key = key;
    this.member = member;
    this.at = at;
  }
}
