package io.cpesentinel.delivery.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  @Test
  void aBurstIsFreeThenPermitsAreSpacedAtTheRate() {
    TokenBucket bucket = new TokenBucket(120, 3, now::get);

    assertThat(bucket.reserve()).isZero();
    assertThat(bucket.reserve()).isZero();
    assertThat(bucket.reserve()).isZero();
    assertThat(bucket.reserve()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(500));
    assertThat(bucket.reserve()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(1000));
  }

  @Test
  void aSustainedCallerGetsAboutTheConfiguredRatePerMinute() {
    TokenBucket bucket = new TokenBucket(120, 10, now::get);
    long minute = TimeUnit.MINUTES.toNanos(1);
    long start = now.get();
    int permits = 0;
    while (true) {
      long wait = bucket.reserve();
      if (now.get() + wait - start >= minute) {
        break;
      }
      now.addAndGet(wait);
      permits++;
    }

    assertThat(permits).isBetween(120, 130);
  }

  @Test
  void quietTimeRefillsTheBurstButNoMore() {
    TokenBucket bucket = new TokenBucket(60, 2, now::get);
    bucket.reserve();
    bucket.reserve();
    now.addAndGet(TimeUnit.HOURS.toNanos(1));

    assertThat(bucket.reserve()).isZero();
    assertThat(bucket.reserve()).isZero();
    assertThat(bucket.reserve()).isEqualTo(TimeUnit.SECONDS.toNanos(1));
  }
}
