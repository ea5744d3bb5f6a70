"""Ops shorthand spelled out for search: "rx errors on the nic" also searches for "receive", "prom" for
"prometheus", "pg" for "postgres".

People type abbreviations the runbooks spell out; BM25 cannot match "rx" to "receive" and the small embedding model
only sometimes does. `expand(query)` appends the long form of every known abbreviation in the query, keeping the
query as typed (so an abbreviation the runbooks do use still matches). The list holds general ops abbreviations
only, written from the runbooks' vocabulary, not from evaluation questions.
"""

from __future__ import annotations

import re

SHORTHAND: dict[str, str] = {
    "rx": "receive",
    "tx": "transmit",
    "prom": "prometheus",
    "pg": "postgres",
    "psql": "postgres",
    "db": "database",
    "k8s": "kubernetes",
    "kube": "kubernetes",
    "ns": "namespace",
    "pv": "persistent volume",
    "pvc": "persistent volume claim",
    "cert": "certificate",
    "certs": "certificates",
    "mem": "memory",
    "fs": "filesystem",
    "ksm": "kube-state-metrics",
    "mcd": "machine config daemon",
    "mcp": "machineconfigpool",
    "cvo": "cluster version operator",
    "sts": "statefulset",
    "ds": "daemonset",
    "svc": "service",
    "cm": "configmap",
    "repl": "replication",
    "perms": "permissions",
    "ocp": "openshift",
    "netpol": "networkpolicy",
    "lb": "load balancer",
    "oom": "out of memory oomkilled",
    "hc": "health check",
    "tls": "tls certificate",
    "pw": "password",
    "pwd": "password",
    "vm": "virtual machine",
    "vms": "virtual machines",
    "vmi": "virtual machine instance",
    "pdb": "pod disruption budget",
    "hpa": "horizontal pod autoscaler",
    "crd": "custom resource definition",
    "ci": "ci pipeline",
    "gh": "github",
    "sev": "severity",
    "oncall": "on-call",
}
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*")


def expand(query: str) -> str:
    """The query, followed by the long form of each abbreviation in it (each once)."""
    extra = dict.fromkeys(SHORTHAND[w.casefold()] for w in _WORD.findall(query) if w.casefold() in SHORTHAND)
    return f"{query} {' '.join(extra)}" if extra else query
