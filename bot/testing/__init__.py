"""Reusable fakes that speak the real protocols: a scripted function-calling LLM and an OpenAI API stub.

The agent tests and the eval harness both use them; nothing here reaches beyond 127.0.0.1.
"""
