"""Sign-off keys of a reporting unit (Ed25519), kept apart from the files they sign."""
