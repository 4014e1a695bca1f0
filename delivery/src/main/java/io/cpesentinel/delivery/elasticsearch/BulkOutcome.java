package io.cpesentinel.delivery.elasticsearch;

/**
 * What to do with one item of a bulk response: done, try again (the cluster is busy or a shard is
 * not there yet), or never (the document itself is wrong, e.g. a value the mapping refuses).
 */
public enum BulkOutcome {
  INDEXED,
  RETRY,
  REJECT;

  public static BulkOutcome of(int status) {
    if (status >= 200 && status < 300) {
      return INDEXED;
    }
    if (status == 429 || status >= 500) {
      return RETRY;
    }
    return REJECT;
  }
}
