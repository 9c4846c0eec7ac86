# Encryption of a ballot on the voter's device (static/encrypt.js, templates/encrypt/panel.html).
encrypt-note = Your ballot is encrypted on this phone: the server never sees your choices or your credential. Only the trustees together can count the ballots, never read one.
encrypt-button = Encrypt my ballot
encrypt-working = Encrypting your ballot on this phone…
encrypt-ready = Your ballot is encrypted. Its tracking code, to find it on the board:
encrypt-ready-help = Cast it, or check it first: a checked ballot shows what it holds and can never be cast; a new one is made, with a new tracking code.
encrypt-cast = Cast this ballot
encrypt-challenge = Check this ballot (challenge)
encrypt-challenged = Checked ballot (never cast)
encrypt-challenge-ok = Verified: this encrypted ballot holds exactly the choices you marked:
encrypt-challenge-bad = Warning: this encrypted ballot does not hold the choices you marked. Do not vote from this device, and tell the election's organizers.
encrypt-challenge-never = This ballot showed what it holds, so it can never be cast. A new ballot was made above, with a new tracking code.
encrypt-challenge-details = The checked ballot and its randomness (to check it on another device)
encrypt-none = none
encrypt-error = This phone could not encrypt the ballot:
encrypt-error-credential = A credential is 64 letters and digits (0-9, a-f), as the credential authority gave it.
encrypt-error-selections = Your choices do not fit this question's rules.
