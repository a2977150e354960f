"""Story & pitch: the builder, versions, rehearsal and uses."""
