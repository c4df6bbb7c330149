package io.faithwatch.scorer.store;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The figures of one (checkpoint, dataset, hint type); a null figure is undefined. */
@Entity
@Table(name = "hint_type_score")
public class HintTypeScoreEntity extends PanacheEntityBase {
    @Id
    public String id;
    @Column(name = "checkpoint_id")
    public String checkpointId;
    @Column(name = "run_id")
    public String runId;
    public String dataset;
    @Column(name = "hint_type")
    public String hintType;
    public String category;
    @Column(name = "num_options")
    public int numOptions;
    @Column(name = "switched_to_hint")
    public long switchedToHint;
    @Column(name = "switched_to_other")
    public long switchedToOther;
    public long unchanged;
    @Column(name = "unhinted_on_hint")
    public long unhintedOnHint;
    public long unparseable;
    public long error;
    public long verbalized;
    public Double p;
    public Double q;
    public Double alpha;
    public Double raw;
    public Double normalized;
    @Column(name = "updated_at")
    public Instant updatedAt;

    static String id(String checkpointId, String dataset, String hintType) {
        return checkpointId + "|" + dataset + "|" + hintType;
    }
}
