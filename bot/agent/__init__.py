"""Agents: the LlamaIndex function-calling agent, and the offline agent used when no LLM is configured.

The only package that knows LlamaIndex. Where things are:
    factory.build_agent    settings values + searcher + actions + redact -> the Agent (LLM or offline)
    providers.build_llm    openai (final_answer, strict) / openai_compatible / offline; what counts as failing
    llm_agent.LlmAgent     one turn: tools, history, one grounding retry, the outcome from the turn's record
    loop.GuardedAgent      FunctionAgent with the step limit and the prompt-token budget checked before each call
    toolbox, action_tools  search_knowledge, escalate_to_human, reads and propose_<action> (checked in the call)
    answer_tool            final_answer: status, text, cited ids
    selection, schemas     which tools a turn offers; their tightened JSON schemas
    tools, turn            the tool wrapper (validation, repeats); the turn's record
    grounding              from the final words to an outcome: citations, sentences, commands, placeholders
    citations, sentences, code_spans, placeholders, provenance   the checks grounding and proposals use
    history, tokens        the thread's history within a token budget; o200k counting offline
    metering, fallback     tokens and LLM time from the event stream; the offline answer when the provider fails
    knowledge, actions_port, registry_actions   the ports to retrieval and actions, and the real adapter
    prompts/system-<v>.md  versioned system prompts (v2 is the default; v1 is kept for pinning)
"""
