# Elections of delegates through an encrypted board (issue 14).
dlg-election-encrypted = This election is secret and encrypted: each ballot is encrypted to the assembly's trustees, and only enough of them together can decrypt, and only the total. Whoever holds the server or its database files can see who voted, not how. Anyone can check the count on the election's board.
dlg-election-board = The election's board: encrypted ballots, tally, trustees' shares and record
dlg-election-counting = Counting: waiting for the trustees, { $k } of { $t } decryption shares in.
dlg-election-record-digest = SHA-256 of the election's record (on its board):
dlg-election-ranked-plaintext = The assembly encrypts its secret ballots, but this election is ranked: its ballots are counted in the clear (encrypted counting cannot rank candidates; it would need a mix-net).
dlg-vote-server-encrypts = On this page the server encrypts your ballot for you: it is private from other people, but not from the server, which sees your choice while it encrypts it. You can still find your ballot on the election's board by its tracking code.
dlg-vote-encrypted-here = Your ballot was encrypted on this device: the server never saw your choice. Only the trustees together can count the ballots, never read one.
dlg-vote-server-encrypted = The server encrypted this ballot (no JavaScript): it is private from other people but not from the server, which saw your choice while encrypting it.
dlg-vote-done-encrypted = Your encrypted ballot is on the election's board. Nothing ties it to you: only the fact that your code has voted is recorded.
dlg-election-paper-added-help = Encrypted election: if people also voted on paper in the hall, enter each candidate's votes here once, while the vote is open. They are added to the totals the trustees decrypt; they do not replace the ballots cast with codes.
dlg-election-paper-added = Paper count entered, to be added to the decrypted totals:
dlg-error-paper-added = This election's paper count was entered already.
dlg-election-record-link = the record (JSON)
