package io.cpesentinel.delivery;

import io.cpesentinel.config.ConfigException;
import io.cpesentinel.delivery.config.ConfigLoader;
import io.cpesentinel.delivery.config.DeliveryConfig;
import java.nio.file.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert delivery job: reads {@code cpe.alerts} and delivers every alert to Elasticsearch, to
 * PagerDuty and to the guarded ACS quarantine hook, as configured. The only argument is the path of
 * the YAML configuration ({@code --config delivery.yaml}); secrets never appear on the command
 * line, they are referenced from the file ({@code {env: NAME}} or {@code {file: PATH}}). A bad
 * configuration stops the job before it is submitted, naming the key and the reason.
 */
public final class DeliveryJob {
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryJob.class);

  private DeliveryJob() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2 || !args[0].equals("--config")) {
      System.err.println("usage: DeliveryJob --config <delivery.yaml>");
      System.exit(2);
    }
    DeliveryConfig config;
    try {
      config = new ConfigLoader().load(Path.of(args[1]));
    } catch (ConfigException e) {
      System.err.println("configuration " + args[1] + " refused: " + e.getMessage());
      System.exit(2);
      return;
    }
    LOG.info(
        "delivering {} to Elasticsearch {}{}{}",
        config.kafka().alertsTopic(),
        config.elasticsearch().url(),
        config.pagerduty() == null ? "" : ", PagerDuty " + config.pagerduty().url(),
        config.quarantine() == null
            ? ""
            : ", quarantine " + (config.quarantine().isDryRun() ? "(dry run)" : "(ENFORCING)"));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    DeliveryPipeline.build(env, config);
    env.execute("cpe-sentinel-delivery");
  }
}
