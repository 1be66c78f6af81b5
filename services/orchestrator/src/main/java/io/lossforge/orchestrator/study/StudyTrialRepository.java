package io.lossforge.orchestrator.study;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface StudyTrialRepository extends JpaRepository<StudyTrial, Long> {

    /** The study's trials with their evaluations, in queue order ({@link StudyDefinition#trials()}). */
    @Query("select t from StudyTrial t left join fetch t.evaluation where t.studyId = ?1 order by t.id")
    List<StudyTrial> findByStudy(UUID studyId);

    /** RUNNING studies with a trial following the evaluation (index {@code study_trial_evaluation}). */
    @Query(
            nativeQuery = true,
            value = "select distinct t.study_id from study_trial t join study s on s.id = t.study_id"
                    + " where t.evaluation_id = ?1 and s.state = 'RUNNING'")
    List<UUID> runningStudiesFollowing(long evaluationId);

    /** How many trials need an evaluation (none yet, or theirs was abandoned) and how many have no outcome. */
    interface Pending {
        long getToLink();

        long getUnended();
    }

    @Query(
            nativeQuery = true,
            value = "select count(*) filter (where e.id is null or e.status = 'ABANDONED') as to_link,"
                    + " count(*) filter (where e.id is null or e.status not in ('FINISHED', 'UNEVALUATED'))"
                    + " as unended from study_trial t left join evaluation e on e.id = t.evaluation_id"
                    + " where t.study_id = ?1")
    Pending pending(UUID studyId);
}
