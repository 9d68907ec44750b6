package io.multiai.gateway.providers;

import java.util.Objects;

import io.multiai.gateway.common.catalog.Usage;

/**
 * One piece of a streamed answer ({@link ProviderClient#stream}), in the order the provider sent them. A
 * successful stream is any number of {@link TextDelta}s and {@link ToolCallDelta}s, then exactly one
 * {@link Finish}, last. Deltas carry model output: their {@code toString} prints sizes only.
 */
public sealed interface ProviderChunk {

  /** The next piece of the answer's text; never empty. */
  record TextDelta(String text) implements ProviderChunk {

    public TextDelta {
      Objects.requireNonNull(text, "text");
    }

    @Override
    public String toString() {
      return "TextDelta[chars=" + text.length() + "]";
    }
  }

  /**
   * The next piece of a tool call, as OpenAI streams them ({@code ChatCompletionMessageToolCallChunk}): the
   * first delta of call {@code index} carries its id and name, later ones only more of its arguments' JSON
   * text. Concatenating a call's {@code argumentsDelta}s in order gives its {@link ToolCall#arguments()}.
   *
   * @param index the call's position among this answer's tool calls, from 0
   * @param id the call's id on its first delta, else null
   * @param name the function's name on its first delta, else null
   * @param argumentsDelta more of the arguments' JSON text; may be empty
   */
  record ToolCallDelta(int index, String id, String name, String argumentsDelta) implements ProviderChunk {

    public ToolCallDelta {
      argumentsDelta = argumentsDelta == null ? "" : argumentsDelta;
    }

    @Override
    public String toString() {
      return "ToolCallDelta[index=" + index + ", id=" + id + ", name=" + name + ", argumentsChars="
          + argumentsDelta.length() + "]";
    }
  }

  /**
   * The end of a successful stream, exactly once and last.
   *
   * @param finishReason in OpenAI's vocabulary (see {@link FinishReasons}); null when the provider gave none
   * @param usage what the provider reported for the whole call; zeros when it reported nothing
   *     (an OpenAI-compatible server ignoring {@code stream_options})
   */
  record Finish(String finishReason, Usage usage) implements ProviderChunk {

    public Finish {
      usage = usage == null ? Usage.of(0, 0) : usage;
    }
  }
}
