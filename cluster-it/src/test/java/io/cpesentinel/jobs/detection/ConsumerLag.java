package io.cpesentinel.jobs.detection;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The lag of a consumer group as Kafka monitoring sees it: end offsets minus committed offsets,
 * summed over the topics' partitions (a Flink job commits its offsets when a checkpoint completes,
 * so this includes up to one checkpoint interval). Sampled twice a second; samples that fail while
 * the broker is down are skipped.
 */
final class ConsumerLag implements AutoCloseable {
  private final Admin admin;
  private final String group;
  private final List<String> topics;
  private final AtomicLong max = new AtomicLong();
  private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();

  ConsumerLag(Admin admin, String group, List<String> topics) {
    this.admin = admin;
    this.group = group;
    this.topics = topics;
    sampler.scheduleWithFixedDelay(this::sample, 0, 500, TimeUnit.MILLISECONDS);
  }

  /** The lag now, or {@link Long#MAX_VALUE} if the broker does not answer. */
  long current() {
    try {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      admin
          .describeTopics(topics)
          .allTopicNames()
          .get(5, TimeUnit.SECONDS)
          .forEach(
              (name, description) ->
                  description
                      .partitions()
                      .forEach(
                          p ->
                              latest.put(
                                  new TopicPartition(name, p.partition()), OffsetSpec.latest())));
      Map<TopicPartition, ListOffsetsResultInfo> ends =
          admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(5, TimeUnit.SECONDS);
      long lag = 0;
      for (Map.Entry<TopicPartition, ListOffsetsResultInfo> end : ends.entrySet()) {
        OffsetAndMetadata at = committed.get(end.getKey());
        lag += end.getValue().offset() - (at == null ? 0 : at.offset());
      }
      return lag;
    } catch (Exception e) {
      return Long.MAX_VALUE;
    }
  }

  /** The highest lag sampled so far. */
  long max() {
    return max.get();
  }

  private void sample() {
    long lag = current();
    if (lag != Long.MAX_VALUE) {
      max.accumulateAndGet(lag, Math::max);
    }
  }

  @Override
  public void close() {
    sampler.shutdownNow();
  }
}
