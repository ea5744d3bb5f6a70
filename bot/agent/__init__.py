"""Agents: the LlamaIndex function-calling agent, and the offline agent used when no LLM is configured.

The only package that knows LlamaIndex. Where things are:
    factory.build_agent    settings values + searcher + actions + redact -> the Agent (LLM or offline)
    providers.build_llm    openai / openai_compatible / offline; what counts as the provider failing
    llm_agent.LlmAgent     one FunctionAgent run per turn; outcome from the turn's record; offline fallback
    toolbox, tools         search_knowledge, read actions, propose_<action>, escalate_to_human
    turn, grounding        what the tools returned and did; citations and grounding of the answer
    metering               tokens and LLM time from the event stream
    knowledge, actions_port, registry_actions   the ports to retrieval and actions, and the real adapter
    prompts/system-<v>.md  versioned system prompts
"""
