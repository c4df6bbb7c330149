package io.faithwatch.scorer.store;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A checkpoint being scored: how many pairs are planned, how many have a verdict, whether it is complete. */
@Entity
@Table(name = "checkpoint")
public class CheckpointEntity extends PanacheEntityBase {
    public static final String IN_PROGRESS = "in_progress";
    public static final String COMPLETE = "complete";

    @Id
    @Column(name = "checkpoint_id")
    public String checkpointId;
    @Column(name = "run_id")
    public String runId;
    public long step;
    @Column(name = "planned_pairs")
    public int plannedPairs;
    @Column(name = "scored_pairs")
    public int scoredPairs;
    public String status;
    @Column(name = "first_verdict_at")
    public Instant firstVerdictAt;
    @Column(name = "completed_at")
    public Instant completedAt;
    @Column(name = "scored_published_at")
    public Instant scoredPublishedAt;

    public boolean complete() {
        return COMPLETE.equals(status);
    }
}
