package org.modeconn.cli;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.modeconn.core.events.Event;
import org.modeconn.core.events.EventCodec;
import org.modeconn.core.events.StudyReport;
import org.modeconn.core.events.StudyStatus;
import org.modeconn.core.events.Topics;
import org.modeconn.core.spec.Problem;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Follows one study on {@code modeconn.study-status} and {@code modeconn.reports}: prints a progress
 * bar per stage as it moves (training steps, checkpoints, points interpolated, points scored) and
 * returns when the study completes, fails or is rejected. Started before the study is published, it
 * reads only what comes after; started from the beginning ({@code watch}), it replays what happened
 * and acts on a final state only once it has caught up.
 */
final class StudyWatcher implements AutoCloseable {

    /** How a study ended. */
    record Outcome(StudyStatus.State state, String message, List<Problem> errors, StudyReport report) {
    }

    private final KafkaConsumer<String, String> consumer;
    private final String studyId;
    private final Map<TopicPartition, Long> caughtUpAt = new HashMap<>();
    private final Map<String, Long> printedAt = new HashMap<>();
    private final boolean interactive = System.console() != null;
    /** The stage whose line is on screen without its newline yet (terminal only). */
    private String openLine;

    StudyWatcher(String bootstrap, String studyId, boolean fromBeginning) {
        this.studyId = studyId;
        this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.STUDY_STATUS, Topics.REPORTS)) {
            for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
        }
        consumer.assign(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        if (fromBeginning) {
            consumer.seekToBeginning(partitions);
            caughtUpAt.putAll(ends);
        } else {
            ends.forEach(consumer::seek);
        }
    }

    /**
     * Waits for the end of the study. {@code trouble} is asked now and then for a reason to give up
     * (a service that died); null means all is well.
     */
    Outcome await(PrintWriter out, Supplier<String> trouble, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        StudyStatus last = null;
        StudyReport report = null;
        long finishedAt = 0;
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                Event e;
                try {
                    e = EventCodec.decode(r.value(), Event.class);
                } catch (EventCodec.BadEventException bad) {
                    continue; // not ours to judge; the services dead-letter it
                }
                if (e instanceof StudyReport sr && studyId.equals(sr.studyId())) {
                    report = sr;
                } else if (e instanceof StudyStatus s && studyId.equals(s.studyId())) {
                    if (s.state() == StudyStatus.State.PROGRESS) {
                        show(out, s);
                    } else {
                        last = s;
                        closeLine(out);
                        if (s.state() == StudyStatus.State.ACCEPTED) {
                            out.println("accepted: " + s.message());
                            out.flush();
                        }
                    }
                }
            }
            if (!caughtUp()) {
                continue;
            }
            if (last != null && (last.state() == StudyStatus.State.FAILED || last.state() == StudyStatus.State.REJECTED)) {
                return new Outcome(last.state(), last.message(), last.errors(), null);
            }
            if (last != null && last.state() == StudyStatus.State.COMPLETED) {
                finishedAt = finishedAt == 0 ? System.nanoTime() : finishedAt;
                // The report goes out just before the status, on another topic: give it a moment.
                if (report != null || System.nanoTime() - finishedAt > 30_000_000_000L) {
                    return new Outcome(last.state(), last.message(), List.of(), report);
                }
            }
            String problem = trouble.get();
            if (problem != null) {
                return new Outcome(StudyStatus.State.FAILED, problem, List.of(), null);
            }
        }
        return new Outcome(StudyStatus.State.FAILED, "no result within " + timeout.toMinutes() + " minutes", List.of(), null);
    }

    private boolean caughtUp() {
        if (caughtUpAt.isEmpty()) {
            return true;
        }
        caughtUpAt.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
        return caughtUpAt.isEmpty();
    }

    /**
     * Progress of a stage. On a terminal the line of the stage being worked on is redrawn in place
     * (a new line starts when the stage changes or ends); elsewhere (logs, CI) one line per change,
     * at most one a second per stage, and always the last.
     */
    private void show(PrintWriter out, StudyStatus s) {
        String line = String.format("  %-28s %s %d/%d%s", s.stage(), bar(s.done(), s.total(), 24), s.done(), s.total(),
                s.message() == null ? "" : "  " + s.message());
        boolean finished = s.done() >= s.total();
        if (interactive) {
            if (openLine != null && !openLine.equals(s.stage())) {
                out.println();
            }
            out.print("\r" + line + "   ");
            openLine = finished ? null : s.stage();
            if (finished) {
                out.println();
            }
            out.flush();
            return;
        }
        long now = System.nanoTime();
        Long before = printedAt.get(s.stage());
        if (before != null && now - before < 1_000_000_000L && !finished) {
            return;
        }
        printedAt.put(s.stage(), now);
        out.println(line);
        out.flush();
    }

    private void closeLine(PrintWriter out) {
        if (openLine != null) {
            out.println();
            openLine = null;
        }
    }

    static String bar(long done, long total, int width) {
        int filled = total <= 0 ? 0 : (int) Math.min(width, done * width / total);
        return "[" + "#".repeat(filled) + "-".repeat(width - filled) + "]";
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
