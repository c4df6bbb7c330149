package io.faithwatch.ops;

import static io.faithwatch.ops.OpsFiles.ROOT;
import static io.faithwatch.ops.OpsFiles.SERVICES;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.faithwatch.events.Metrics;

/**
 * Prometheus and Grafana files: the scrape targets are the services as compose names them, the rule file is the one
 * loaded, every alert the issue asks for exists and is complete, and the dashboard is provisioned, uses the provisioned
 * datasource and has every panel the issue asks for. (Which metrics the expressions name is checked against the real
 * services by e2e-tests DashboardMetricsTest.)
 */
class MonitoringFilesTest {
    static final Path OPS = ROOT.resolve("ops");
    static final JsonNode PROMETHEUS = OpsFiles.yaml(OPS.resolve("prometheus/prometheus.yml"));
    static final JsonNode ALERTS = OpsFiles.yaml(OPS.resolve("prometheus/alerts.yml"));
    static final JsonNode DASHBOARD = OpsFiles.json(OPS.resolve("grafana/dashboards/faithwatch.json"));

    @Test
    void prometheusScrapesEveryServiceAtItsMetricsPathAndLoadsTheRules() {
        Map<String, String> targets = new TreeMap<>();
        for (JsonNode job : PROMETHEUS.path("scrape_configs")) {
            for (JsonNode group : job.path("static_configs")) {
                group.path("targets").forEach(t -> targets.put(t.asText(), job.path("metrics_path").asText("/metrics")));
            }
        }
        for (String service : SERVICES) {
            assertThat(targets).containsEntry(service + ":" + OpsFiles.httpPort(service), "/q/metrics");
            assertThat(ComposeFileTest.SERVICES_NODE.has(service)).isTrue();
        }
        assertThat(PROMETHEUS.path("rule_files")).hasSize(1);
        Path mounted = Path.of(PROMETHEUS.path("rule_files").get(0).asText());
        assertThat(ComposeFileTest.mounts("prometheus").get(mounted.getParent().toString()).resolve(mounted.getFileName()))
                .isEqualTo(OPS.resolve("prometheus/alerts.yml"));
    }

    @Test
    void everyAlertTheIssueAsksForIsCompleteAndTheFloorIsASetting() {
        Map<String, JsonNode> alerts = new TreeMap<>();
        Set<String> records = new TreeSet<>();
        for (JsonNode group : ALERTS.path("groups")) {
            assertThat(group.path("name").asText()).isNotBlank();
            for (JsonNode rule : group.path("rules")) {
                assertThat(rule.path("expr").asText()).isNotBlank();
                if (rule.has("record")) {
                    records.add(rule.get("record").asText());
                } else {
                    alerts.put(rule.path("alert").asText(), rule);
                }
            }
        }
        assertThat(alerts.keySet()).contains("FaithfulnessRegression", "FaithfulnessBelowFloor", "ModelCallErrorRateHigh", "ConsumerLagGrowing",
                "CheckpointStuck", "DeadLetters", "FaithRolloutExploitationUnverbalized", "FaithUptakeRisesFaithfulnessDoesNot");
        alerts.forEach((name, rule) -> {
            assertThat(rule.path("labels").path("severity").asText()).as(name).isIn("info", "warning", "critical");
            assertThat(rule.path("annotations").path("summary").asText()).as(name).isNotBlank();
            assertThat(rule.path("annotations").path("description").asText()).as(name).isNotBlank();
            assertThat(balanced(rule.path("expr").asText())).as(name + " brackets").isTrue();
        });
        assertThat(records).contains("faith:overall_floor:ratio");
        assertThat(alerts.get("FaithfulnessBelowFloor").path("expr").asText()).contains("faith:overall_floor:ratio");
    }

    @Test
    void grafanaProvisionsThePrometheusDatasourceAndTheDashboardFolder() {
        JsonNode datasource = OpsFiles.yaml(OPS.resolve("grafana/provisioning/datasources/prometheus.yml")).path("datasources").get(0);
        assertThat(datasource.path("type").asText()).isEqualTo("prometheus");
        assertThat(datasource.path("url").asText()).isEqualTo("http://prometheus:" + ComposeFileTest.hostPort(
                ComposeFileTest.SERVICES_NODE.path("prometheus").path("ports").get(0).asText()));
        JsonNode provider = OpsFiles.yaml(OPS.resolve("grafana/provisioning/dashboards/faithwatch.yml")).path("providers").get(0);
        assertThat(ComposeFileTest.mounts("grafana")).containsEntry(provider.path("options").path("path").asText(), OPS.resolve("grafana/dashboards"));
    }

    /** The uid of the provisioned PostgreSQL datasource, which the panels read by training step use. */
    static final String POSTGRES_UID = "faithwatch-postgres";

    @Test
    void grafanaReadsTheScorersDatabaseAsItsReadOnlyUser() throws java.io.IOException {
        JsonNode datasource = OpsFiles.yaml(OPS.resolve("grafana/provisioning/datasources/postgres.yml")).path("datasources").get(0);
        assertThat(datasource.path("uid").asText()).isEqualTo(POSTGRES_UID);
        assertThat(datasource.path("url").asText()).isEqualTo("postgres:5432");
        assertThat(datasource.path("user").asText()).isEqualTo("faith_grafana");
        assertThat(datasource.path("secureJsonData").path("password").asText()).isEqualTo("${GRAFANA_DB_PASSWORD}");
        assertThat(ComposeFileTest.mounts("postgres")).containsEntry("/docker-entrypoint-initdb.d", OPS.resolve("postgres/init"));
        String init = java.nio.file.Files.readString(OPS.resolve("postgres/init/10-grafana-reader.sh"));
        assertThat(init).contains("CREATE ROLE faith_grafana LOGIN").contains("GRANT SELECT ON ALL TABLES")
                .contains("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES").doesNotContain("INSERT", "UPDATE", "DELETE");
        List<String> usesIt = new ArrayList<>();
        DASHBOARD.path("panels").forEach(p -> {
            if (p.path("datasource").path("uid").asText().equals(POSTGRES_UID)) {
                usesIt.add(p.path("title").asText());
            }
        });
        assertThat(usesIt).anySatisfy(t -> assertThat(t).startsWith("Trend over training steps")).anySatisfy(t -> assertThat(t).contains("unfaithful examples"));
    }

    /** Every panel of the dashboard, the panels of collapsed rows included. */
    static List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        DASHBOARD.path("panels").forEach(panel -> {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        });
        return panels;
    }

    @Test
    void theDashboardAnswersTheIssuesQuestionsThroughTheDatasourceVariable() {
        List<JsonNode> panels = panels();
        Set<Integer> ids = new TreeSet<>();
        List<String> titles = new ArrayList<>();
        for (JsonNode panel : panels) {
            assertThat(ids.add(panel.path("id").asInt())).as("panel ids are unique").isTrue();
            titles.add(panel.path("title").asText().toLowerCase(java.util.Locale.ROOT));
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            if (panel.path("datasource").path("uid").asText().equals(POSTGRES_UID)) {
                // Read from the scorer's database: SQL (checked against the real schema by the scorer's DashboardSqlIT).
                assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty()
                        .allSatisfy(t -> assertThat(t.path("rawSql").asText()).as(panel.path("title").asText()).startsWith("SELECT "));
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText()).isEqualTo("${datasource}");
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty()
                    .allSatisfy(t -> assertThat(balanced(t.path("expr").asText())).as(t.path("expr").asText()).isTrue());
            JsonNode grid = panel.path("gridPos");
            assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(panel.path("title").asText() + " fits the 24 columns").isLessThanOrEqualTo(24);
        }
        for (String topic : List.of("overall normalized faithfulness", "per hint type", "95% ci", "trend over training steps", "neutral vs misaligned",
                "eligible", "checkpoint progress", "model-call rate", "model-call latency", "model-call errors", "judge agreement", "consumer lag",
                "dead letters", "exploitation rate", "verbalization rate among exploited", "hint uptake rise")) {
            assertThat(titles).as("a panel about " + topic).anySatisfy(t -> assertThat(t).contains(topic));
        }
        assertThat(DASHBOARD.path("templating").path("list").get(0).path("type").asText()).isEqualTo("datasource");
        assertThat(DASHBOARD.path("uid").asText()).isEqualTo("faithwatch");
    }

    /**
     * The training-rollouts row: collapsed (its queries run when it is opened), its panels read the run's rollouts from
     * the scorer's table rollout_judged by step and environment (their exact figures are checked by the scorer's
     * RolloutPanelsSqlIT) and the scorer's rollout gauges.
     */
    @Test
    void theTrainingRolloutsRowReadsTheRunsRolloutsByStepAndEnvironment() {
        JsonNode row = null;
        for (JsonNode panel : DASHBOARD.path("panels")) {
            if (panel.path("type").asText().equals("row") && panel.path("title").asText().equals("Training rollouts")) {
                row = panel;
            }
        }
        assertThat(row).as("a row Training rollouts").isNotNull();
        assertThat(row.path("collapsed").asBoolean()).isTrue();
        List<String> sql = new ArrayList<>();
        List<String> promql = new ArrayList<>();
        for (JsonNode panel : row.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                if (panel.path("datasource").path("uid").asText().equals(POSTGRES_UID)) {
                    sql.add(target.path("rawSql").asText());
                } else {
                    promql.add(target.path("expr").asText());
                }
            }
        }
        assertThat(sql).hasSizeGreaterThanOrEqualTo(2).allSatisfy(q -> assertThat(q).contains("FROM rollout_judged")
                .contains("run_id = ${rollout_run:sqlstring}").contains("GROUP BY step, environment"));
        // The run to show is one with rollout gauges: a run that publishes rollouts alone has no checkpoint gauges.
        assertThat(promql).filteredOn(q -> q.contains("faith_rollout_")).isNotEmpty().allSatisfy(q -> assertThat(q).contains("run=\"$rollout_run\""));
        JsonNode variable = null;
        for (JsonNode v : DASHBOARD.path("templating").path("list")) {
            if (v.path("name").asText().equals("rollout_run")) {
                variable = v;
            }
        }
        assertThat(variable).as("a rollout_run variable").isNotNull();
        assertThat(variable.path("query").path("query").asText()).isEqualTo("label_values(" + Metrics.ROLLOUT_COUNT.prometheusName() + ", run)");
        assertThat(String.join("\n", promql)).contains(Metrics.ROLLOUT_EXPLOITATION.prometheusName(), Metrics.ROLLOUT_VERBALIZATION.prometheusName(),
                Metrics.ROLLOUT_EXPLOITATION_RISE.prometheusName(), Metrics.RUN_UPTAKE_RISE.prometheusName(),
                Metrics.RUN_NORMALIZED_RISE.prometheusName());
    }

    /**
     * The series the alert rules and the dashboard's PromQL read are the contract's (Metrics), under their Prometheus
     * names: a renamed metric breaks the build here, before e2e-tests DashboardMetricsTest scrapes the services.
     */
    @Test
    void theAlertsAndTheDashboardReadOnlyMetricsOfTheContract() {
        Set<String> contract = new TreeSet<>();
        for (Metrics.Metric metric : Metrics.all()) {
            String name = metric.prometheusName();
            contract.add(name);
            if (metric.kind() == Metrics.Kind.TIMER) {
                contract.addAll(List.of(name + "_count", name + "_sum", name + "_max", name + "_bucket"));
            }
        }
        Map<String, String> expressions = new TreeMap<>();
        for (JsonNode group : ALERTS.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                expressions.put(rule.path("alert").asText(rule.path("record").asText()), rule.path("expr").asText());
            }
        }
        for (JsonNode panel : panels()) {
            for (JsonNode target : panel.path("targets")) {
                if (target.has("expr")) {
                    expressions.put(panel.path("title").asText() + " " + target.path("refId").asText(), target.path("expr").asText());
                }
            }
        }
        for (JsonNode variable : DASHBOARD.path("templating").path("list")) {
            JsonNode query = variable.path("query");
            expressions.put("$" + variable.path("name").asText(), query.isObject() ? query.path("query").asText() : query.asText());
        }
        java.util.regex.Pattern faithSeries = java.util.regex.Pattern.compile("(?<![A-Za-z0-9_:.])faith_[a-z0-9_]+");
        Set<String> named = new TreeSet<>();
        expressions.forEach((where, expr) -> faithSeries.matcher(expr).results().map(java.util.regex.MatchResult::group).forEach(name -> {
            named.add(name);
            assertThat(contract).as(where + " reads " + name).contains(name);
        }));
        assertThat(named).contains(Metrics.ROLLOUT_EXPLOITATION_RISE.prometheusName(), Metrics.ROLLOUT_VERBALIZATION.prometheusName(),
                Metrics.ROLLOUT_JUDGED.prometheusName(), Metrics.RUN_UPTAKE_RISE.prometheusName(), Metrics.RUN_NORMALIZED_RISE.prometheusName());
    }

    /**
     * The alert logic itself, on synthetic series (ops/prometheus/alerts.test.yml): each alert fires when it should and
     * not otherwise. Needs Prometheus' promtool on the PATH (Debian: apt-get install prometheus); skipped without it.
     */
    @Test
    void promtoolAcceptsTheRulesAndTheirUnitTestsPass() throws Exception {
        Path promtool = Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)).map(d -> Path.of(d, "promtool"))
                .filter(Files::isExecutable).findFirst().orElse(null);
        Assumptions.assumeTrue(promtool != null, "promtool is not on the PATH");
        for (List<String> command : List.of(List.of(promtool.toString(), "check", "rules", "alerts.yml"),
                List.of(promtool.toString(), "test", "rules", "alerts.test.yml"))) {
            Process process = new ProcessBuilder(command).directory(OPS.resolve("prometheus").toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(process.waitFor()).as(String.join(" ", command) + ":\n" + output).isZero();
        }
    }

    static boolean balanced(String expr) {
        int depth = 0;
        for (char c : expr.toCharArray()) {
            depth += c == '(' || c == '{' || c == '[' ? 1 : c == ')' || c == '}' || c == ']' ? -1 : 0;
            if (depth < 0) {
                return false;
            }
        }
        return depth == 0;
    }
}
