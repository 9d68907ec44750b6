package io.multiai.gateway.ingress.blocking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.multiai.gateway.ingress.problem.InvalidRequestException;
import tools.jackson.databind.json.JsonMapper;

class BlockRequestParserTest {

  private final BlockRequestParser parser = new BlockRequestParser(JsonMapper.builder().build());

  private BlockRequest parse(String json) {
    return parser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsTheGuidesExampleOfADayLongIpBlock() {
    assertThat(parse("{\"subject\":\"ip:1.2.3.4\",\"seconds\":86400}")).isEqualTo(new BlockRequest("ip:1.2.3.4", 86400, null));
  }

  @Test
  void writesIpv6AddressesOneWaySoEverySpellingIsOneSubject() {
    assertThat(parse("{\"subject\":\"ip:0:0:0:0:0:0:0:1\",\"seconds\":5}").subject())
        .isEqualTo(parse("{\"subject\":\"ip:::1\",\"seconds\":5}").subject());
  }

  @Test
  void acceptsClientSubjectsWithAReason() {
    assertThat(parse("{\"subject\":\"client:acme\",\"seconds\":60,\"reason\":\"scraping\"}").reason()).isEqualTo("scraping");
  }

  @Test
  void refusesHostNamesBadDurationsAndUnknownFieldsNamingTheField() {
    assertThatThrownBy(() -> parse("{\"subject\":\"ip:example.com\",\"seconds\":5}"))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("subject"));
    assertThatThrownBy(() -> parse("{\"subject\":\"user:1\",\"seconds\":5}"))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("subject"));
    assertThatThrownBy(() -> parse("{\"subject\":\"ip:1.2.3.4\",\"seconds\":\"5\"}"))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("seconds"));
    assertThatThrownBy(() -> parse("{\"subject\":\"ip:1.2.3.4\",\"seconds\":0}"))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("seconds"));
    assertThatThrownBy(() -> parse("{\"subject\":\"ip:1.2.3.4\",\"seconds\":5,\"forever\":true}"))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("forever"));
  }
}
