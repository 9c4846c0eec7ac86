# Boards of verifiable secret elections (issue 14).
error-board-election-id = An election id is 1 to 64 letters, digits, dots, hyphens or underscores.
error-board-title = Give the election a title (up to 200 characters).
error-board-exists = A board for this election already exists.
error-board-token = This board token is not the publisher's.
error-board-published = This document is already on the board: a board's documents are published once.
error-board-voted = This credential has already cast a ballot.
error-board-refused = The board refused this.
# Secret ballots, honestly (issue 14).
dlg-vote-ranked-plaintext = Ranked ballots are counted in the clear: encrypted counting cannot rank candidates (it would need a mix-net), so this ballot is never encrypted to trustees.
ses-vote-secret-honest = A secret ballot here is secret from other people, other delegates and the public. It is not secret from whoever holds the server's database files, its write-ahead log or its backups: they can link ballots to voters.
# The board's public page.
board-title = Secret election board
board-lead = Ballots are encrypted to trustees: { $t } of the { $n } trustees are needed to decrypt the result, and the server holds no key that decrypts a ballot.
board-what = Everything on this board is public: the trustees' ceremony, the credentials' public parts (no names), the encrypted ballots, the trustees' decryption shares and the record, which anyone can check with the independent verifier.
board-find = Find your ballot
board-code = Tracking code
board-find-button = Find
board-found = Your ballot is on the board and will be counted:
board-not-found = No ballot with this tracking code is on the board:
board-steps = What is published
board-ballots = { $n ->
    [one] One ballot is on the board.
   *[other] { $n } ballots are on the board.
}
board-published = Published:
board-record = The election record
error-board-credential = A credential is 64 letters and digits (0-9, a-f), as the credential authority gave it.
error-board-not-open = Voting has not opened on this board yet.
# Voting on the board's page (the server encrypts).
board-vote = Vote
board-vote-title = Vote: { $title }
board-vote-server-note = On this page the server encrypts your ballot for you: it is private from other people, but not from the server, which sees your choices while it encrypts them. Your ballot can still be found on the board by its tracking code. A device that encrypts by itself keeps your choices from the server too.
board-vote-credential = Your credential
board-vote-blank = Blank
board-vote-approval = Choose up to { $max }.
board-vote-cast = Cast my ballot
board-vote-cast-done = Your ballot is on the board. Keep its tracking code to find it:
board-vote-closed = The ballot box is closed.
# Checking a challenged ballot on another device (/boards/ID/audit).
board-audit-link = Check a challenged ballot
board-audit-title = Check a challenged ballot: { $title }
board-audit-lead = Paste here the block a voting device showed after "Check this ballot". This server checks it against the election's key, independently of the device that made it: the ballot must hold exactly the choices shown.
board-audit-paste = The challenged ballot (the whole block)
board-audit-button = Check
board-audit-verified = Verified: this ballot holds exactly these choices, encrypted to this election's key:
board-audit-compare = Compare them with the choices you marked. This ballot showed what it holds, so it can never be cast.
board-audit-empty = Paste the block of the challenged ballot.
board-audit-too-long = This text is too long to be a challenged ballot.
board-audit-no-manifest = This election has no key yet: there is nothing to check a ballot against.
board-audit-unreadable = This is not a challenged ballot:
board-audit-refused = Refused: this challenged ballot does not hold what it shows. Do not vote from the device that made it, and tell the election's organizers.
board-audit-cli = On a computer of your own, the same check:
board-audit-manifest = the manifest
board-audit-back = Back to the board
