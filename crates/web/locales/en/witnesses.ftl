# Witnesses of the record (issue 11, task 11).
witness-error-vkey = Not a witness verifier key (name+key id+key, as `asamblea witness key` prints it).
witness-error-exists = A witness of that name was already added.
witness-error-note = Not a checkpoint of this log with a cosignature.
