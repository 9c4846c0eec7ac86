# Boards of verifiable secret elections (issue 14).
error-board-election-id = El identificador de una elección tiene de 1 a 64 letras, cifras, puntos, guiones o guiones bajos.
error-board-title = Dé un título a la elección (hasta 200 caracteres).
error-board-exists = Ya existe un tablero para esta elección.
error-board-token = Este token del tablero no es el de quien publica.
error-board-published = Este documento ya está en el tablero: los documentos de un tablero se publican una sola vez.
error-board-voted = Esta credencial ya depositó una papeleta.
error-board-refused = El tablero rechazó esto.
# Secret ballots, honestly (issue 14).
dlg-vote-ranked-plaintext = Las papeletas por orden de preferencia se cuentan en claro: el conteo cifrado no puede ordenar candidatos (haría falta una red de mezcla), así que esta papeleta nunca se cifra para los custodios.
ses-vote-secret-honest = Aquí el voto secreto es secreto para otras personas, otros delegados y el público. No lo es para quien tenga los archivos de la base de datos del servidor, su registro de escritura anticipada (WAL) o sus copias de seguridad: con ellos se pueden unir papeletas y votantes.
# The board's public page.
board-title = Tablero de elección secreta
board-lead = Las papeletas se cifran para los custodios: hacen falta { $t } de los { $n } custodios para descifrar el resultado, y el servidor no tiene ninguna clave que descifre una papeleta.
board-what = Todo lo de este tablero es público: la ceremonia de los custodios, la parte pública de las credenciales (sin nombres), las papeletas cifradas, las partes de descifrado de los custodios y el acta, que cualquiera puede comprobar con el verificador independiente.
board-find = Encuentre su papeleta
board-code = Código de seguimiento
board-find-button = Buscar
board-found = Su papeleta está en el tablero y será contada:
board-not-found = No hay en el tablero ninguna papeleta con este código de seguimiento:
board-steps = Lo publicado
board-ballots = { $n ->
    [one] Hay una papeleta en el tablero.
   *[other] Hay { $n } papeletas en el tablero.
}
board-published = Publicado:
board-record = El acta de la elección
error-board-credential = Una credencial tiene 64 letras y cifras (0-9, a-f), tal como la entregó la autoridad de credenciales.
error-board-not-open = La votación aún no se abrió en este tablero.
# Voting on the board's page (the server encrypts).
board-vote = Votar
board-vote-title = Votar: { $title }
board-vote-server-note = En esta página el servidor cifra su papeleta por usted: es privada para otras personas, pero no para el servidor, que ve sus opciones mientras las cifra. Su papeleta igual se puede encontrar en el tablero por su código de seguimiento. Un dispositivo que cifra por sí mismo oculta sus opciones también al servidor.
board-vote-credential = Su credencial
board-vote-blank = En blanco
board-vote-approval = Elija hasta { $max }.
board-vote-cast = Depositar mi papeleta
board-vote-cast-done = Su papeleta está en el tablero. Guarde su código de seguimiento para encontrarla:
board-vote-closed = La urna está cerrada.
# Verificar una papeleta desafiada en otro aparato (/boards/ID/audit).
board-audit-link = Verificar una papeleta desafiada
board-audit-title = Verificar una papeleta desafiada: { $title }
board-audit-lead = Pegue aquí el bloque que mostró un aparato de votación tras «Verificar esta papeleta». Este servidor lo comprueba con la clave de la elección, sin depender del aparato que lo hizo: la papeleta debe contener exactamente las opciones mostradas.
board-audit-paste = La papeleta desafiada (el bloque entero)
board-audit-button = Verificar
board-audit-verified = Verificado: esta papeleta contiene exactamente estas opciones, cifradas con la clave de esta elección:
board-audit-compare = Compárelas con las opciones que marcó. Esta papeleta mostró lo que contiene, así que nunca podrá depositarse.
board-audit-empty = Pegue el bloque de la papeleta desafiada.
board-audit-too-long = Este texto es demasiado largo para ser una papeleta desafiada.
board-audit-no-manifest = Esta elección aún no tiene clave: no hay con qué comprobar una papeleta.
board-audit-unreadable = Esto no es una papeleta desafiada:
board-audit-refused = Rechazada: esta papeleta desafiada no contiene lo que muestra. No vote desde el aparato que la hizo y avise a los organizadores de la elección.
board-audit-cli = En una computadora propia, la misma comprobación:
board-audit-manifest = el manifiesto
board-audit-back = Volver al tablero
