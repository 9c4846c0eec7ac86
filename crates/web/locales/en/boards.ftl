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
# Secret session votes through an encrypted board (issue 14).
ses-vote-encrypted-honest = This secret vote is encrypted: each ballot is encrypted to the assembly's trustees, and only enough of them together can decrypt, and only the total. Whoever holds the server or its database files can see who voted, not how. Anyone can check the count on the vote's board.
ses-vote-server-encrypts = On this page the server encrypts your ballot for you: it is private from other people, but not from the server, which sees your choice while it encrypts it. You can still find your ballot on the vote's board by its tracking code.
ses-vote-server-encrypts-weight = Your vote counts more than once (proxies or a delegation): the server encrypts your ballot for you, one ballot for each vote it carries, and sees your choice while it encrypts it. It is private from other people. You can still find your ballots on the vote's board by their tracking codes.
ses-vote-board = The vote's board: encrypted ballots, tally, trustees' shares and record
ses-vote-counting = Counting: waiting for the trustees, { $k } of { $t } decryption shares in.
ses-vote-record-digest = SHA-256 of the vote's election record (on its board):
ses-receipt-cast = Your ballot was encrypted and is on the vote's board.
ses-receipt-device = Your ballot was encrypted on this phone: the server did not see your choice.
ses-receipt-server = The server encrypted your ballot for you: it saw your choice while encrypting it.
ses-receipt-tracking = Tracking code
ses-receipt-find = find it on the board
error-ses-key-not-ready = The assembly's trustees have not fixed its key yet: a secret vote cannot open until they finish the key ceremony.
error-ses-ballot-json = The encrypted ballot is not readable: send the ballot document the board accepts.
error-ses-ballot-refused = The encrypted ballot does not hold for this vote: its proofs or its signature fail, or it was made for another vote.
error-ses-ballot-json-plain = This vote's ballots are not encrypted: send your choice.
error-ses-ballot-json-weight = Your ballot counts more than once (proxies or a delegation): the server encrypts it, one ballot per vote it carries. Send your choice.
error-secret-ballots-trustees = Give the trustees of the key ceremony: 1 to 9 trustees, and how many of them decrypt together (at least 1, at most all).
secret-ballots-title = Secret ballots
secret-ballots-plaintext = Plaintext: secret from other people, other delegates and the public, not from whoever holds the server's database.
secret-ballots-encrypted = Encrypted: only enough of the assembly's trustees together can decrypt, and only the total.
secret-ballots-trustees = Trustees
secret-ballots-threshold = Needed to decrypt
secret-ballots-save = Save
secret-ballots-key-board = Key board of the assembly's trustees
secret-ballots-tokens = Hand each token to its holder now; it is not shown again.
secret-ballots-key-ready = The trustees have fixed the key: secret votes can open.
secret-ballots-key-waiting = Waiting for the trustees' key ceremony: secret votes cannot open yet.
secret-ballots-steps = Each trustee, on their own machine: asamblea trustee init --board ADDRESS --index I --token TOKEN --secret FILE; then trustee deal and trustee check (--board ADDRESS --secret FILE). The organizer then: asamblea election key --board ADDRESS --token TOKEN. In the hall each trustee runs asamblea trustee follow --board ADDRESS --secret FILE, which decrypts every closed secret vote once. ADDRESS is http://this-server/api/v1/boards/ followed by the key board's name.
secret-ballots-back = Back to the seat plan
secret-ballots-new-key = New key ceremony
secret-ballots-new-key-help = If a trustee lost their secret or the trustees change: a new key board opens with new tokens, and new secret votes wait for its ceremony. The old board is kept: closed votes still verify, and votes now open keep their key (their trustees decrypt them by following the old board).
secret-ballots-new-key-button = Open a new key board
secret-ballots-new-key-done = A new key board: new secret votes wait for its ceremony. The previous board is kept:
secret-ballots-new-key-confirm = I understand that no secret vote can be opened until the new trustees have run their ceremony.
error-secret-ballots-new-key-plaintext = A new key ceremony is only for encrypted secret ballots.
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
error-ballot-not-prepared = The ballot was not made for this election's or vote's board as it is now. Cast it again.
