package org.modeconn.reporter;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.modeconn.stack.LocalStackTestResource;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

/** Against the real local stack: the service starts, is ready (Kafka and object store checked) and exposes metrics, tagged with its service name. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class ReporterServiceTest {
    @Test
    void healthAndMetricsAreServed() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
        given().when().get("/q/health/ready").then().statusCode(200).body("status", is("UP"))
                .body("checks.name", hasItems("kafka", "object-store"));
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"))
                .body(containsString("modeconn_studies{service=\"reporter\",state=\"completed\"}"));
    }

    @Test
    void studiesAreServedAndDescribedInOpenApi() {
        given().when().get("/studies").then().statusCode(200);
        given().when().get("/studies/study-0000000000000000").then().statusCode(404);
        given().when().get("/studies/study-0000000000000000/report.html").then().statusCode(404);
        given().when().get("/q/openapi").then().statusCode(200).body(containsString("/studies/{id}/report.html"));
    }
}
