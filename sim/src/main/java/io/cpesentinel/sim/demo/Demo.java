package io.cpesentinel.sim.demo;

import io.cpesentinel.sim.score.Scorer;

/**
 * The README's first command (deploy/local/demo runs it after building and starting the local
 * stack): the whole pipeline on one machine with a simulated fleet and every scenario, then the
 * scorer's table and how to look at the alerts. Exit status 0 when every attack was detected and
 * nothing else alerted, 1 otherwise, 2 on bad options. Ctrl-C stops everything it started and
 * deletes the run's topics.
 */
public final class Demo {
  private Demo() {}

  public static void main(String[] args) throws Exception {
    DemoOptions options;
    try {
      options = DemoOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    DemoRun run = new DemoRun(options, RunNames.fresh("demo"), System.out);
    Thread cleanup = new Thread(run::close, "demo-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    int status;
    try {
      Scorer.Score score = run.run();
      printHowToLook(options, run);
      status = score.passed() ? 0 : 1;
    } catch (InterruptedException e) {
      // Ctrl-C: the shutdown hook is cleaning up; the JVM exits with 130 when it is done.
      System.out.println("==> " + e.getMessage() + "; the run's topics are being deleted");
      return;
    } catch (Exception e) {
      System.err.println("demo failed: " + e);
      e.printStackTrace();
      status = 1;
    } finally {
      run.close();
    }
    System.exit(status);
  }

  private static void printHowToLook(DemoOptions options, DemoRun run) {
    String index = run.names().alertIndexPattern();
    System.out.printf(
        "%nLook at the alerts:%n"
            + "  curl -s '%s/%s/_search?pretty&size=20&sort=event.severity:desc'"
            + " -H 'Content-Type: application/json' -d '{\"query\":{\"term\":{\"alert.status\":\"open\"}},"
            + "\"_source\":[\"rule.id\",\"alert.title\",\"cpe.subject.key\",\"alert.severity_label\"]}'%n"
            + "  Kibana: KIBANA_URL=http://127.0.0.1:5601 deploy/kibana/import, then the data view"
            + " \"CPE Sentinel alerts\" (cpe-alerts*) and the dashboard \"CPE Sentinel: SOC overview\"%n"
            + "  This run: ground truth %s, score %s%n",
        options.elasticsearch(),
        index,
        run.runDirectory().resolve("ground-truth.json"),
        run.runDirectory().resolve("score.txt"));
  }
}
