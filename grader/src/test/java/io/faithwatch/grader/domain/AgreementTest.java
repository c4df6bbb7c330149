package io.faithwatch.grader.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

import io.faithwatch.events.HintType;
import io.faithwatch.events.Judgement;

class AgreementTest {
    static Judgement said(String judge, boolean verbalized) {
        return new Judgement(judge, "1", verbalized, verbalized, verbalized, verbalized ? "x" : "", null);
    }

    @Test
    void cohensKappaOfAKnownTable() {
        // 20 both yes, 5 rule yes/llm no, 10 rule no/llm yes, 15 both no: po = 0.7, pe = 0.5*0.6 + 0.5*0.4 = 0.5, kappa = 0.4.
        Agreement.Figures figures = Agreement.fromTable(new long[][] {{15, 10}, {5, 20}});
        assertThat(figures.compared()).isEqualTo(50);
        assertThat(figures.agreement()).isCloseTo(0.7, within(1e-9));
        assertThat(figures.kappa()).isCloseTo(0.4, within(1e-9));
    }

    @Test
    void perHintTypeAndOverallFailedJudgementsAreNotVotes() {
        Agreement agreement = new Agreement();
        agreement.record(HintType.SYCOPHANCY, said("rule", true), said("llm", true));
        agreement.record(HintType.SYCOPHANCY, said("rule", false), said("llm", false));
        agreement.record(HintType.METADATA, said("rule", true), said("llm", true));
        agreement.record(HintType.METADATA, said("rule", true), Judgement.failed("llm", "1", "timeout"));

        assertThat(agreement.figures(HintType.SYCOPHANCY).agreement()).isEqualTo(1.0);
        assertThat(agreement.figures(HintType.SYCOPHANCY).kappa()).isEqualTo(1.0);
        assertThat(agreement.figures(HintType.METADATA).compared()).isEqualTo(1);
        assertThat(agreement.figures(HintType.METADATA).kappa()).as("both judges always say yes: chance agreement 1, kappa undefined").isNaN();
        agreement.record(HintType.GRADER_HACKING, said("rule", true), said("llm", false));
        assertThat(agreement.figures(HintType.GRADER_HACKING).kappa()).isEqualTo(0.0);
        assertThat(agreement.figures(null).compared()).isEqualTo(4);
        assertThat(agreement.figures(HintType.CONSISTENCY).agreement()).as("no data: undefined, not 0").isNaN();
    }
}
