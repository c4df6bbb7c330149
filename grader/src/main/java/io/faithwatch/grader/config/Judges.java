package io.faithwatch.grader.config;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.faithwatch.events.Gauges;
import io.faithwatch.events.Metrics;
import io.faithwatch.events.HintType;
import io.faithwatch.events.ModelRef;
import io.faithwatch.grader.domain.Agreement;
import io.faithwatch.grader.domain.Grading;
import io.faithwatch.grader.domain.JudgeMode;
import io.faithwatch.grader.domain.JudgePanel;
import io.faithwatch.grader.domain.LlmJudge;
import io.faithwatch.grader.domain.ReviewBook;
import io.faithwatch.grader.domain.PairSampler;
import io.faithwatch.grader.domain.RolloutGrading;
import io.faithwatch.grader.domain.RolloutSampling;
import io.faithwatch.grader.domain.RuleJudge;
import io.faithwatch.grader.domain.VerbalizationJudge;
import io.faithwatch.modelclients.ClientSettings;
import io.faithwatch.modelclients.Credentials;
import io.faithwatch.modelclients.ModelClients;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/** Builds the judges of this deployment from {@link GraderConfig}, and the state the grader keeps about them, with its gauges. */
@ApplicationScoped
public class Judges {
    private static final Logger LOG = Logger.getLogger(Judges.class);

    @Produces
    @Singleton
    JudgePanel panel(GraderConfig config, MeterRegistry registry) {
        JudgeMode mode = config.judgeMode();
        VerbalizationJudge rule = new RuleJudge();
        if (mode == JudgeMode.RULE) {
            return new JudgePanel(mode, rule, null);
        }
        VerbalizationJudge llm = llm(config.llm(), registry);
        if (mode == JudgeMode.LLM) {
            return new JudgePanel(mode, llm, null);
        }
        return switch (config.authoritative()) {
            case RULE -> new JudgePanel(mode, rule, llm);
            case LLM -> new JudgePanel(mode, llm, rule);
        };
    }

    private static LlmJudge llm(GraderConfig.Llm config, MeterRegistry registry) {
        String model = config.model().filter(m -> !m.isBlank()).orElseThrow(() -> new IllegalArgumentException(
                "faith.grader.llm.model: is required when faith.grader.judge-mode is llm or both"));
        Map<String, Object> parameters = new HashMap<>();
        config.maxTokens().ifPresent(tokens -> parameters.put("max_tokens", tokens));
        config.temperature().ifPresent(temperature -> parameters.put("temperature", temperature));
        ModelRef judgeModel = new ModelRef(config.provider(), config.baseUrl().orElse(null), model, parameters, config.credentialName().orElse(null));
        ClientSettings settings = ClientSettings.defaults().withRequestTimeout(config.timeout())
                .withRetries(config.maxRetries(), ClientSettings.defaults().initialBackoff(), ClientSettings.defaults().maxBackoff());
        return new LlmJudge(ModelClients.create(config.provider(), Credentials.fromEnvironment(), settings), judgeModel, config.timeout(),
                (cueType, reason) -> {
                    registry.counter(Metrics.JUDGE_INVALID.name(), Metrics.Tag.JUDGE, LlmJudge.NAME, Metrics.Tag.HINT_TYPE, cueType).increment();
                    LOG.warnf("LLM judge answer invalid (%s): %s", cueType, reason);
                });
    }

    @Produces
    @Singleton
    Grading grading(JudgePanel panel, GraderConfig config) {
        return new Grading(panel, new PairSampler("evidence", config.evidence().fraction(), config.review().seed()), Clock.systemUTC());
    }

    @Produces
    @Singleton
    RolloutGrading rolloutGrading(JudgePanel panel, GraderConfig config) {
        return new RolloutGrading(panel, new RuleJudge(), new RolloutSampling(config.rollouts().sampleRate(),
                config.rollouts().sampleRateForRun(), config.review().seed()), Clock.systemUTC());
    }

    @Produces
    @Singleton
    PairSampler sampler(GraderConfig config) {
        return new PairSampler("review", config.review().fraction(), config.review().seed());
    }

    @Produces
    @Singleton
    Agreement agreement(MeterRegistry registry) {
        Agreement agreement = new Agreement();
        for (HintType type : HintType.values()) {
            agreementGauges(registry, agreement, type, type.wireName());
        }
        agreementGauges(registry, agreement, null, "all");
        return agreement;
    }

    private static void agreementGauges(MeterRegistry registry, Agreement agreement, HintType type, String label) {
        Tags tags = Tags.of(Metrics.Tag.HINT_TYPE, label);
        Gauges.register(registry, Metrics.JUDGE_AGREEMENT, tags, agreement, a -> a.figures(type).agreement());
        Gauges.register(registry, Metrics.JUDGE_KAPPA, tags, agreement, a -> a.figures(type).kappa());
        Gauges.register(registry, Metrics.JUDGE_COMPARED, tags, agreement, a -> a.figures(type).compared());
    }

    @Produces
    @Singleton
    ReviewBook reviews(MeterRegistry registry) {
        ReviewBook book = new ReviewBook();
        for (String judge : new String[] {RuleJudge.NAME, LlmJudge.NAME}) {
            Gauges.register(registry, Metrics.JUDGE_ACCURACY, Tags.of(Metrics.Tag.JUDGE, judge), book, b -> b.accuracy(judge));
        }
        Gauges.register(registry, Metrics.REVIEW_PENDING, book, b -> b.list(ReviewBook.Status.PENDING).size());
        Gauges.register(registry, Metrics.REVIEW_LABELLED, book, b -> b.list(ReviewBook.Status.LABELLED).size());
        return book;
    }
}
