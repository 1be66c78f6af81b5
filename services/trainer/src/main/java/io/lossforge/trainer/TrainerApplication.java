package io.lossforge.trainer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The trainer service: trains candidates on request and reports their results (port 8081). */
@SpringBootApplication
@ConfigurationPropertiesScan
@org.springframework.scheduling.annotation.EnableScheduling
public class TrainerApplication {

    public static void main(String[] args) {
        DjlEnvironment.offline();
        SpringApplication.run(TrainerApplication.class, args);
    }
}
