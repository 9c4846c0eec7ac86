# Boards of verifiable secret elections (issue 14).
error-board-election-id = An election id is 1 to 64 letters, digits, dots, hyphens or underscores.
error-board-title = Give the election a title (up to 200 characters).
error-board-exists = A board for this election already exists.
error-board-token = This board token is not the publisher's.
error-board-published = This document is already on the board: a board's documents are published once.
error-board-voted = This credential has already cast a ballot.
error-board-refused = The board refused this.
