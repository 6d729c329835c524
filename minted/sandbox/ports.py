"""Loopback ports for a sandbox started beside other code: they live in the client package
(`minted.local_sandbox`), where the console reaches them without the sandbox's server code."""

from __future__ import annotations

from minted.local_sandbox import bound_socket, free_port, port_is_free

__all__ = ["bound_socket", "free_port", "port_is_free"]
