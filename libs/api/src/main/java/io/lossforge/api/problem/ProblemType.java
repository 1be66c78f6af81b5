package io.lossforge.api.problem;

import java.net.URI;

/**
 * Every kind of refusal either service answers with, as RFC 9457 problem+json: a stable {@code type} URI
 * ({@code urn:lossforge:problem:<kind>}), its HTTP status and title. Clients branch on {@link #uri()}, never
 * on titles or details; the REST contract documents each one.
 */
public enum ProblemType {
    /** A field or parameter breaks its constraint; {@code errors} lists them. */
    INVALID_REQUEST("invalid-request", 400, "Invalid request"),
    /** A loss expression does not parse or breaks a limit; {@code errors} names {@code expression}. */
    INVALID_EXPRESSION("invalid-expression", 400, "Invalid loss expression"),
    /**
     * No credential, or one that is not valid: an API key ({@code Authorization: Bearer} or {@code X-API-Key})
     * on the public API, the internal token on the internal channel and the trainer's API.
     */
    UNAUTHORIZED("unauthorized", 401, "Authentication required"),
    /** The credential is valid but its role may not do this (a viewer key starting a search, say). */
    FORBIDDEN("forbidden", 403, "Forbidden"),
    /** The request body is larger than the service accepts. */
    PAYLOAD_TOO_LARGE("payload-too-large", 413, "Request body too large"),
    /** The request body is not JSON ({@code Content-Type} must be {@code application/json}). */
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported media type"),
    /** Orchestrator: this API key already runs as many searches as it may; cancel or wait for one. */
    TOO_MANY_SEARCHES("too-many-searches", 429, "Too many running searches"),
    /** Orchestrator: no such search, trial, trainer or loss. */
    NOT_FOUND("not-found", 404, "Not found"),
    /** Orchestrator: the search already ended. */
    CONFLICT("conflict", 409, "Conflict"),
    /** Trainer: it does not know the trial, or no longer keeps it. */
    TRIAL_NOT_FOUND("trial-not-found", 404, "Trial not found"),
    /** Trainer: the trial id exists with another request, or the trial already ended. */
    TRIAL_CONFLICT("trial-conflict", 409, "Trial conflict"),
    /** Trainer: every slot is busy; {@code Retry-After} says when to try again. */
    SLOTS_BUSY("slots-busy", 429, "Trainer busy"),
    /** Trainer: it is shutting down and accepts no new trials; send the trial elsewhere. */
    SHUTTING_DOWN("shutting-down", 503, "Trainer shutting down"),
    /**
     * Orchestrator: its database cannot be reached right now (an outage, a restart); {@code Retry-After} says
     * when to try again. Nothing was changed, or the change is idempotent: the same call may be repeated.
     */
    DATABASE_UNAVAILABLE("database-unavailable", 503, "Database unavailable"),
    /** Anything unforeseen; the service's log has the details, the answer none. */
    INTERNAL_ERROR("internal-error", 500, "Internal error");

    /** The common prefix of every LossForge problem type. */
    public static final String PREFIX = "urn:lossforge:problem:";

    private final String kind;
    private final int status;
    private final String title;

    ProblemType(String kind, int status, String title) {
        this.kind = kind;
        this.status = status;
        this.title = title;
    }

    public String kind() {
        return kind;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public URI uri() {
        return URI.create(PREFIX + kind);
    }
}
