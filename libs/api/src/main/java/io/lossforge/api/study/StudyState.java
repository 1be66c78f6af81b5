package io.lossforge.api.study;

/** RUNNING until every trial has an outcome (FINISHED), or CANCELLED by an operator. */
public enum StudyState {
    RUNNING,
    FINISHED,
    CANCELLED
}
