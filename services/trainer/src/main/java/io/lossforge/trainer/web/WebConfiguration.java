package io.lossforge.trainer.web;

import io.lossforge.web.StrictJson;
import io.lossforge.web.TomcatProblems;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JacksonModule;

/**
 * The shared request and error conventions of web-support, wired into the trainer: request JSON read
 * strictly ({@link StrictJson}: no coercion of wrong types, no unpaired surrogates) and Tomcat's own refusals
 * answered as problem+json ({@link TomcatProblems}).
 */
@Configuration
class WebConfiguration {

    /** Spring Boot registers every JacksonModule bean with the JsonMapper the controllers read with. */
    @Bean
    JacksonModule strictJson() {
        return StrictJson.module();
    }

    @Bean
    TomcatProblems tomcatProblems() {
        return new TomcatProblems();
    }
}
