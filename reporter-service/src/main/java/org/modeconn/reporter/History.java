package org.modeconn.reporter;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;
import org.modeconn.core.events.EventCodec;
import org.modeconn.core.events.StudyStatus;
import org.modeconn.core.events.Topics;
import org.modeconn.service.KafkaClients;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The reporter rebuilds its state by reading every topic from the start; records that were already
 * there when it started are history: they update the state but publish nothing (their statuses and
 * reports were published the first time round). The end offsets are taken once, at start-up.
 * <p>
 * A study published while no reporter ran was never announced: its history holds no ACCEPTED, REJECTED or
 * COMPLETED status. At start-up the status topic's history is read once, up to those end offsets, to learn which
 * studies were announced ({@link #announceOnce}); the tracker announces the others when it meets them
 * (docs/reliability.md).
 */
@Startup
@ApplicationScoped
public class History {
    private static final Logger LOG = Logger.getLogger(History.class);
    static final List<String> TOPICS = List.of(Topics.STUDIES, Topics.CHECKPOINTS, Topics.PATH_POINTS, Topics.EVALUATIONS,
            Topics.STUDY_STATUS);

    private final Map<TopicPartition, Long> ends = new HashMap<>();
    /** Studies some reporter has accepted, refused or completed; see {@link #announceOnce}. */
    private final Set<String> announced = new HashSet<>();

    History(KafkaClients kafka) throws Exception {
        try (Admin admin = Admin.create(kafka.config(Map.of()))) {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (Map.Entry<String, KafkaFuture<TopicDescription>> t : admin.describeTopics(TOPICS).topicNameValues().entrySet()) {
                try {
                    t.getValue().get(30, TimeUnit.SECONDS).partitions().forEach(p ->
                            request.put(new TopicPartition(t.getKey(), p.partition()), OffsetSpec.latest()));
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                        throw e;
                    }
                    // not created yet: it has no history
                }
            }
            admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
        }
        readAnnounced(kafka);
    }

    /** Collects the studies with an ACCEPTED, REJECTED or COMPLETED status in the status topic's history. */
    private void readAnnounced(KafkaClients kafka) {
        Map<TopicPartition, Long> todo = new HashMap<>();
        ends.forEach((tp, end) -> {
            if (tp.topic().equals(Topics.STUDY_STATUS) && end > 0) {
                todo.put(tp, end);
            }
        });
        if (todo.isEmpty()) {
            return;
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(kafka.config(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000)),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(todo.keySet());
            consumer.seekToBeginning(todo.keySet());
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (!todo.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    // Not fatal: a study whose status was not reached is at worst accepted or refused once more.
                    LOG.warnf("read %d announced studies from the history of %s but not all of it in 2 minutes (%d partition(s)"
                            + " left); studies not reached may be announced again", announced.size(), Topics.STUDY_STATUS, todo.size());
                    return;
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    Long end = todo.get(tp);
                    if (end == null || r.offset() >= end) {
                        continue;
                    }
                    try {
                        StudyStatus st = EventCodec.decode(r.value() == null ? "" : r.value(), StudyStatus.class);
                        if (st.state() != StudyStatus.State.PROGRESS && st.state() != StudyStatus.State.FAILED) {
                            announced.add(st.studyId());
                        }
                    } catch (EventCodec.BadEventException e) {
                        // not a status: the tracker's inbox dead-letters it when it meets it
                    }
                }
                todo.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
            }
        }
    }

    /**
     * True, once per study, if no reporter has announced {@code studyId} (accepted, rejected or completed): in the
     * status topic's history before this reporter started, nor since by this one through this method.
     */
    public synchronized boolean announceOnce(String studyId) {
        return announced.add(studyId);
    }

    /** True if {@code studyId} was announced in the status topic's history or since through {@link #announceOnce}. */
    public synchronized boolean announced(String studyId) {
        return announced.contains(studyId);
    }

    private final Map<TopicPartition, Long> next = new HashMap<>();

    /**
     * True the first time a record is offered, false if it comes again (a rebalance re-delivers what
     * was not committed, and the reporter commits nothing).
     */
    public synchronized boolean first(ConsumerRecord<?, ?> record) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        Long expected = next.get(tp);
        if (expected != null && record.offset() < expected) {
            return false;
        }
        next.put(tp, record.offset() + 1);
        return true;
    }

    /** True if the record was in the topic before this reporter started. */
    public boolean replayed(ConsumerRecord<?, ?> record) {
        Long end = ends.get(new TopicPartition(record.topic(), record.partition()));
        return end != null && record.offset() < end;
    }
}
