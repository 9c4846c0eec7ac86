# Boards of verifiable secret elections (issue 14).
error-board-election-id = El identificador de una elección tiene de 1 a 64 letras, cifras, puntos, guiones o guiones bajos.
error-board-title = Dé un título a la elección (hasta 200 caracteres).
error-board-exists = Ya existe un tablero para esta elección.
error-board-token = Este token del tablero no es el de quien publica.
error-board-published = Este documento ya está en el tablero: los documentos de un tablero se publican una sola vez.
error-board-voted = Esta credencial ya depositó una papeleta.
error-board-refused = El tablero rechazó esto.
