package org.modeconn.evaluator;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.modeconn.core.events.PathPointReady;
import org.modeconn.service.Inbox;
import org.modeconn.service.StudyCatalog;

/** Scores each path point on its path's evaluation datasets; replicas share the points through the group. */
@ApplicationScoped
public class PointProcessor {
    private final Inbox inbox;
    private final StudyCatalog catalog;
    private final PointScorer scorer;

    PointProcessor(Inbox inbox, StudyCatalog catalog, PointScorer scorer) {
        this.inbox = inbox;
        this.catalog = catalog;
        this.scorer = scorer;
    }

    @Incoming("path-points")
    @Blocking
    public void onPoint(ConsumerRecord<String, String> record) {
        inbox.handle(record, PathPointReady.class, point -> scorer.score(catalog.plan(point.studyId()), point));
    }
}
