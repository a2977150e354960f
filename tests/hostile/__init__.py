"""Hostile files and inputs: what a sync tool, a crash, another program or an attacker leaves."""
