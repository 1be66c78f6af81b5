package io.lossforge.cli;

import tools.jackson.databind.node.ObjectNode;

/**
 * Canned orchestrator responses. Their shapes are copied from the orchestrator's records (SearchView with
 * its Counts and Best, the SearchPage of the list, GenerationView, LeaderboardRow, TrainerView, RFC 9457
 * problems), as Spring Boot's Jackson writes them: nulls included, instants as ISO-8601 text.
 */
final class Canned {

    static final String ID = "3f6c1e2a-9b1d-4c57-8e0f-5a2b7c9d1e34";
    static final String OTHER_ID = "0b5d7f3e-1c2a-4e6b-9d8f-7a6b5c4d3e2f";

    /** A running search: generation 2 of 5, 20 candidates per generation, 3 baselines. */
    static final String SEARCH = """
            {"id":"3f6c1e2a-9b1d-4c57-8e0f-5a2b7c9d1e34","name":"fm-quick","state":"RUNNING",
             "task":{"dataset":"fashion-mnist","model":"mlp","trainSamples":10000,"validationSamples":2000,
                     "epochs":1,"steps":null,"batchSize":128,"optimizer":"adam","learningRate":0.001,
                     "momentum":0.9,"weightDecay":0.0,"seed":7,"evaluateTest":false,"classGroups":null,
                     "samplesPerClass":null},
             "search":{"populationSize":20,"generations":5,"maxDepth":8,"maxNodes":32,"crossoverRate":0.7,
                       "mutationRate":0.25,"tournamentSize":4,"elitism":1,"seedLosses":["ngl"],
                       "baselines":["ce","ngl","focal"],"seed":7,"fidelity":{"rungs":2,"eta":3},
                       "islands":{"count":4,"migrationInterval":5,"migrants":1},"constantTuning":2},
             "reduction":"mean","generation":2,"generationLimit":5,
             "counts":{"candidates":63,"evaluated":43,"screenedOut":{"CONSTANT_IN_P":3,"NON_FINITE":4},
                       "cacheHits":5,"diverged":2,"failed":1,"unevaluated":0,"pending":8,"equivalent":0,
                       "doesNotLearn":0},
             "best":{"hash":"9f8e7d6c5b4a3210","expression":"exp(2.4092 - p * (1 + y)) - cos(p)",
                     "fitness":0.84375,"generation":1},
             "message":null,"blockedReason":null,"createdAt":"2025-06-01T09:30:00.123456Z",
             "startedAt":"2025-06-01T09:30:01.5Z","finishedAt":null,"createdBy":"alice",
             "stages":[{"stage":"screening","enabled":true,"removed":7,"trainerSecondsSaved":280.0,"estimated":true},
                       {"stage":"rejection","enabled":true,"removed":0,"trainerSecondsSaved":0.0,"estimated":true},
                       {"stage":"hash-cache","enabled":true,"removed":5,"trainerSecondsSaved":200.0,"estimated":false},
                       {"stage":"gradient-equivalence","enabled":true,"removed":0,"trainerSecondsSaved":0.0,
                        "estimated":false},
                       {"stage":"multi-fidelity","enabled":true,"removed":27,"trainerSecondsSaved":610.5,
                        "estimated":true}],
             "rungs":[{"rung":0,"trainSamples":3334,"steps":null,"candidates":40,"trained":33,"trainerSeconds":165.0,
                       "promoted":13,"rankCorrelation":0.62,"correlationPairs":13},
                      {"rung":1,"trainSamples":10000,"steps":null,"candidates":13,"trained":10,"trainerSeconds":400.0,
                       "promoted":0,"rankCorrelation":null,"correlationPairs":0}]}""";

    /**
     * GET .../candidates: the CE baseline (trained, 10 s, at the top rung 1), a spelling of CE that followed it
     * (EQUIVALENT, no time of its own), another spelling trained separately at the same rung (a search with
     * the stage off: 8 s) and a loss the rejection protocol rejects that was trained anyway (4 s, rung 0).
     */
    static final String STUDY = """
            {"id": "3f6c1e2a-9b1d-4c57-8e0f-5a2b7c9d1e34", "name": "small", "state": "FINISHED",
             "createdBy": "local-operator", "createdAt": "2026-12-03T10:00:00Z", "endedAt": "2026-12-03T10:04:10Z",
             "seeds": 3, "evaluateTest": true, "budgets": [1], "reference": "ce",
             "losses": [{"label": "poly1", "expression": "-(y * log(p)) + y * (1 - p)", "reduction": "sum",
                         "hash": "aa11", "overrides": null},
                        {"label": "ce", "expression": "-(y * log(p))", "reduction": "sum", "hash": "bb22",
                         "overrides": null}],
             "tasks": [{"dataset": "fashion-mnist", "model": "mlp", "trainSamples": 2000, "validationSamples": 2000,
                        "epochs": 1, "steps": null, "batchSize": 128, "optimizer": "adam", "learningRate": 0.001,
                        "momentum": 0.9, "weightDecay": 0.0, "seed": 1, "evaluateTest": false}],
             "progress": {"trials": 6, "finished": 6, "unevaluated": 0, "running": 0, "trainerSeconds": 60.5,
                          "etaSeconds": 0.0},
             "cells": [{"loss": "poly1", "task": 0, "budget": 1, "runs": 3, "failed": 0, "meanAccuracy": 0.8123,
                        "sdAccuracy": 0.004, "delta": 0.0061, "deltaLow": -0.0012, "deltaHigh": 0.0134,
                        "paperVerdict": "BETTER", "intervalVerdict": "INCONCLUSIVE", "meanConfidence": 0.71,
                        "trainerSeconds": 30.2, "sameInitialWeights": true},
                       {"loss": "ce", "task": 0, "budget": 1, "runs": 3, "failed": 0, "meanAccuracy": 0.8062,
                        "sdAccuracy": 0.005, "delta": null, "deltaLow": null, "deltaHigh": null,
                        "paperVerdict": null, "intervalVerdict": null, "meanConfidence": 0.74,
                        "trainerSeconds": 30.3, "sameInitialWeights": true}],
             "rankings": [{"task": 0, "budget": 1, "order": ["poly1", "ce"], "spearmanToFirstBudget": null}],
             "warnings": []}""";

    static final String CANDIDATES = """
            {"items":[
              {"id":1,"generation":-1,"position":0,"expression":"-(y * log(p))","hash":"a1","reduction":"mean",
               "nodes":5,"source":"BASELINE","parents":[],"baseline":"ce","status":"EVALUATED","reason":null,
               "reuse":"NONE","evaluationId":11,"family":"f1","outcome":"SUCCEEDED","fitness":0.81,
               "trainedSeconds":10.0,"rung":1},
              {"id":2,"generation":0,"position":0,"expression":"-(y * log(p)) - cos(2)","hash":"a2",
               "reduction":"mean","nodes":7,"source":"SEED","parents":[],"baseline":null,"status":"EVALUATED",
               "reason":null,"reuse":"EQUIVALENT","evaluationId":11,"family":"f1","outcome":"SUCCEEDED",
               "fitness":0.81,"trainedSeconds":null,"rung":0},
              {"id":3,"generation":0,"position":1,"expression":"-(y * log(p)) + 0.5","hash":"a3",
               "reduction":"mean","nodes":7,"source":"RANDOM","parents":[],"baseline":null,"status":"EVALUATED",
               "reason":null,"reuse":"NONE","evaluationId":12,"family":"f1","outcome":"SUCCEEDED",
               "fitness":0.8,"trainedSeconds":8.0,"rung":1},
              {"id":4,"generation":1,"position":0,"expression":"square(sqrt(y) * max(y, p))","hash":"a4",
               "reduction":"mean","nodes":7,"source":"MUTATION","parents":[1],"baseline":null,
               "status":"EVALUATED","reason":null,"reuse":"NONE","evaluationId":13,"family":null,
               "outcome":"SUCCEEDED","fitness":0.1,"trainedSeconds":4.0,"rung":0}
             ],
             "page":0,"size":1000,"total":4}""";

    /** GET /api/v1/searches?page=0&size=2: the first two of three searches. */
    static final String PAGE = """
            {"items":[
              %s,
              {"id":"0b5d7f3e-1c2a-4e6b-9d8f-7a6b5c4d3e2f","name":null,"state":"QUEUED",
               "task":{"dataset":"cifar-10","model":"resnet-mini","trainSamples":10000,"validationSamples":2000,
                       "epochs":1,"steps":null,"batchSize":128,"optimizer":"adam","learningRate":0.001,
                       "momentum":0.9,"weightDecay":0.0,"seed":0,"evaluateTest":false},
               "search":{"populationSize":25,"generations":10,"maxDepth":8,"maxNodes":32,"crossoverRate":0.7,
                         "mutationRate":0.25,"tournamentSize":4,"elitism":1,"seedLosses":[],
                         "baselines":["ce","ngl","focal"],"seed":0},
               "reduction":"mean","generation":0,"generationLimit":10,
               "counts":{"candidates":0,"evaluated":0,"screenedOut":{},"cacheHits":0,"diverged":0,"failed":0,
                         "unevaluated":0,"pending":0,"equivalent":0,"doesNotLearn":0},
               "best":null,"message":null,"blockedReason":"no trainer is registered",
               "createdAt":"2025-06-02T14:05:09Z","startedAt":null,"finishedAt":null,"createdBy":null,
               "stages":[],
               "rungs":[{"rung":0,"trainSamples":10000,"steps":null,"candidates":0,"trained":0,"trainerSeconds":0.0,
                         "promoted":0,"rankCorrelation":null,"correlationPairs":0}]}
             ],
             "page":0,"size":2,"total":3}""".formatted(SEARCH);

    /** GET .../leaderboard: two evolved losses around the ce and focal baselines. */
    static final String LEADERBOARD = """
            [{"rank":1,"hash":"9f8e7d6c5b4a3210","expression":"exp(2.4092 - p * (1 + y)) - cos(p)",
              "latex":"e^{2.4092 - p (1 + y)} - \\\\cos p","reduction":"mean","fitness":0.84375,
              "testAccuracy":null,"nodes":12,"generation":3,"deltaVsCe":0.0125,"baseline":null,
              "source":"CROSSOVER","searchId":"3f6c1e2a-9b1d-4c57-8e0f-5a2b7c9d1e34",
              "family":"k1","forms":3,"validationImages":2000,"fitnessLow":0.8272,"fitnessHigh":0.8589,"pValueVsCe":0.31},
             {"rank":2,"hash":"1a2b3c4d5e6f7081","expression":"-(y * log(p))","latex":"-y \\\\log p",
              "reduction":"sum","fitness":0.83125,"testAccuracy":null,"nodes":6,"generation":-1,"deltaVsCe":0.0,
              "baseline":"ce","source":"BASELINE","searchId":"3f6c1e2a-9b1d-4c57-8e0f-5a2b7c9d1e34",
              "family":null,"forms":1,"validationImages":2000,"fitnessLow":0.8142,"fitnessHigh":0.8470,"pValueVsCe":null},
             {"rank":3,"hash":"77aa88bb99cc00dd","expression":"-(y * (1 - p)^2 * log(p))","latex":"...",
              "reduction":"sum","fitness":0.82,"testAccuracy":null,"nodes":10,"generation":-1,
              "deltaVsCe":-0.01125,"baseline":"focal","source":"BASELINE",
              "searchId":"3f6c1e2a-9b1d-4c57-8e0f-5a2b7c9d1e34",
              "family":null,"forms":1,"validationImages":2000,"fitnessLow":0.8026,"fitnessHigh":0.8362,"pValueVsCe":null},
             {"rank":4,"hash":"0123456789abcdef","expression":"p * (1 - y) - y * log(p)","latex":"...",
              "reduction":"mean","fitness":0.8,"testAccuracy":null,"nodes":11,"generation":0,
              "deltaVsCe":-0.03125,"baseline":null,"source":"RANDOM",
              "searchId":"3f6c1e2a-9b1d-4c57-8e0f-5a2b7c9d1e34",
              "family":null,"forms":1,"validationImages":2000,"fitnessLow":0.7820,"fitnessHigh":0.8169,"pValueVsCe":0.02}]""";

    /** GET .../hall-of-fame: the two evolved rows of {@link #LEADERBOARD} on the front, simplest first. */
    static final String HALL_OF_FAME = """
            [{"rank":1,"hash":"0123456789abcdef","expression":"p * (1 - y) - y * log(p)","latex":"...",
              "reduction":"mean","fitness":0.8,"testAccuracy":null,"nodes":11,"generation":0,
              "deltaVsCe":-0.03125,"baseline":null,"source":"RANDOM",
              "searchId":"3f6c1e2a-9b1d-4c57-8e0f-5a2b7c9d1e34",
              "family":null,"forms":1,"validationImages":2000,"fitnessLow":0.7820,"fitnessHigh":0.8169,"pValueVsCe":0.02},
             {"rank":2,"hash":"9f8e7d6c5b4a3210","expression":"exp(2.4092 - p * (1 + y)) - cos(p)",
              "latex":"e^{2.4092 - p (1 + y)} - \\\\cos p","reduction":"mean","fitness":0.84375,
              "testAccuracy":null,"nodes":12,"generation":3,"deltaVsCe":0.0125,"baseline":null,
              "source":"CROSSOVER","searchId":"3f6c1e2a-9b1d-4c57-8e0f-5a2b7c9d1e34",
              "family":"k1","forms":3,"validationImages":2000,"fitnessLow":0.8272,"fitnessHigh":0.8589,"pValueVsCe":0.31}]""";

    static final String TRAINERS = """
            [{"id":"5e1d2c3b-4a59-4687-b6c5-d4e3f2a1b0c9","url":"http://trainer-a:8081","slots":4,"busy":1,
              "origin":"STATIC","lastSeen":"2025-06-01T09:41:07.250Z","backingOff":false,"failures":0,
              "state":"ACTIVE","stateReason":null,"stateSince":"2025-06-01T09:00:00Z","quarantinedUntil":null,
              "instanceId":null,"attempts":[{"attemptId":"9096d12c-4b4c-492d-be99-27a860aab045","evaluationId":17,
              "number":1,"state":"RUNNING","phase":"TRAINING","progress":40,"batchesDone":40,"batchesTotal":79,
              "startedAt":"2025-06-01T09:40:01Z","lastProgressAt":"2025-06-01T09:41:07Z"}]},
             {"id":"6f2e3d4c-5b6a-4798-c7d6-e5f4a3b2c1d0","url":"http://10.0.0.17:18081","slots":1,"busy":0,
              "origin":"REGISTERED","lastSeen":"2025-06-01T09:40:55Z","backingOff":true,"failures":3,
              "state":"QUARANTINED","stateReason":"3 failed attempts in a row; last: OUT_OF_MEMORY",
              "stateSince":"2025-06-01T09:40:55Z","quarantinedUntil":"2025-06-01T09:41:25Z",
              "instanceId":"0c0a3b1e-2d4f-4e5a-8b6c-7d8e9f0a1b2c","attempts":[]},
             {"id":"7a3f4e5d-6c7b-48a9-d8e7-f6a5b4c3d2e1","url":"http://10.0.0.18:18081","slots":2,"busy":0,
              "origin":"REGISTERED","lastSeen":"2025-06-01T09:39:30Z","backingOff":false,"failures":0,
              "state":"LOST","stateReason":"no heartbeat for 21 s","stateSince":"2025-06-01T09:39:51Z",
              "quarantinedUntil":null,"instanceId":"1d1b4c2f-3e5a-4f6b-9c7d-8e9f0a1b2c3d","attempts":[]}]""";

    /** What SearchProblems.InvalidSearch becomes in ProblemHandler. */
    static final String INVALID_SEARCH = """
            {"type":"urn:lossforge:problem:invalid-request","title":"Invalid request","status":400,
             "detail":"task.batchSize must be between 1 and 4096; search.populationSize must be between 2 and 1000",
             "instance":"/api/v1/searches",
             "errors":[{"field":"task.batchSize","message":"must be between 1 and 4096"},
                       {"field":"search.populationSize","message":"must be between 2 and 1000"}]}""";

    private Canned() {}

    /** {@link #SEARCH} with the given state, generation and counts; best is dropped when {@code best} is null. */
    static String search(
            String state, int generation, int generations, long candidates, long pending, Double best, String message) {
        ObjectNode search = (ObjectNode) Json.MAPPER.readTree(SEARCH);
        // A fresh search runs the generations it was asked for; only a resume raises the limit above them.
        search.put("state", state)
                .put("generation", generation)
                .put("generationLimit", generations)
                .put("message", message);
        ((ObjectNode) search.get("search")).put("generations", generations);
        ObjectNode counts = (ObjectNode) search.get("counts");
        long done = candidates - pending;
        counts.put("candidates", candidates)
                .put("pending", pending)
                .put("evaluated", done)
                .put("cacheHits", 0)
                .put("diverged", 0)
                .put("failed", 0)
                .put("unevaluated", 0);
        counts.putObject("screenedOut");
        if (best == null) {
            search.putNull("best");
        } else {
            ((ObjectNode) search.get("best")).put("fitness", best);
        }
        return Json.MAPPER.writeValueAsString(search);
    }

    /** A GenerationView. */
    static String generation(int generation, Double best, Double median, double diversity) {
        return """
                {"generation":%d,"candidates":20,"evaluated":18,"bestFitness":%s,"medianFitness":%s,\
                "diversity":%s,"finishedAt":"2025-06-01T09:35:00Z"}""".formatted(generation, best, median, diversity);
    }
}
