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
# Votaciones secretas de sesión con un tablero cifrado (issue 14).
ses-vote-encrypted-honest = Esta votación secreta está cifrada: cada papeleta se cifra para los custodios de la asamblea, y solo suficientes de ellos juntos pueden descifrar, y solo el total. Quien tenga el servidor o los archivos de su base de datos puede ver quién votó, no cómo. Cualquiera puede comprobar el recuento en el tablero de la votación.
ses-vote-server-encrypts = En esta página el servidor cifra su papeleta por usted: es privada para otras personas, pero no para el servidor, que ve su elección mientras la cifra. Igual puede encontrar su papeleta en el tablero de la votación por su código de seguimiento.
ses-vote-server-encrypts-weight = Su voto cuenta más de una vez (poderes o una delegación): el servidor cifra su papeleta por usted, una papeleta por cada voto que lleva, y ve su elección mientras la cifra. Es privada para otras personas. Igual puede encontrar sus papeletas en el tablero de la votación por sus códigos de seguimiento.
ses-vote-board = El tablero de la votación: papeletas cifradas, recuento, partes de los custodios y acta
ses-vote-counting = Escrutinio: esperando a los custodios, { $k } de { $t } partes de descifrado recibidas.
ses-vote-record-digest = SHA-256 del acta electoral de la votación (en su tablero):
ses-receipt-cast = Su papeleta fue cifrada y está en el tablero de la votación.
ses-receipt-device = Su papeleta se cifró en este teléfono: el servidor no vio su elección.
ses-receipt-server = El servidor cifró su papeleta por usted: vio su elección mientras la cifraba.
ses-receipt-tracking = Código de seguimiento
ses-receipt-find = buscarla en el tablero
error-ses-key-not-ready = Los custodios de la asamblea aún no fijaron su clave: no se puede abrir una votación secreta hasta que terminen la ceremonia de claves.
error-ses-ballot-json = La papeleta cifrada no se puede leer: envíe el documento de papeleta que acepta el tablero.
error-ses-ballot-refused = La papeleta cifrada no vale para esta votación: fallan sus pruebas o su firma, o se hizo para otra votación.
error-ses-ballot-json-plain = Las papeletas de esta votación no se cifran: envíe su elección.
error-ses-ballot-json-weight = Su voto cuenta más de una vez (poderes o una delegación): lo cifra el servidor, una papeleta por cada voto que lleva. Envíe su elección.
error-secret-ballots-trustees = Indique los custodios de la ceremonia de claves: de 1 a 9 custodios, y cuántos de ellos descifran juntos (al menos 1, como mucho todos).
secret-ballots-title = Voto secreto
secret-ballots-plaintext = En claro: secreto para otras personas, otros delegados y el público, no para quien tenga la base de datos del servidor.
secret-ballots-encrypted = Cifrado: solo suficientes custodios de la asamblea juntos pueden descifrar, y solo el total.
secret-ballots-trustees = Custodios
secret-ballots-threshold = Necesarios para descifrar
secret-ballots-save = Guardar
secret-ballots-key-board = Tablero de claves de los custodios de la asamblea
secret-ballots-tokens = Entregue ahora cada token a quien corresponde; no se vuelve a mostrar.
secret-ballots-key-ready = Los custodios fijaron la clave: se pueden abrir votaciones secretas.
secret-ballots-key-waiting = Esperando la ceremonia de claves de los custodios: aún no se pueden abrir votaciones secretas.
secret-ballots-steps = Cada custodio, en su propia máquina: asamblea trustee init --board DIRECCIÓN --index I --token TOKEN --secret ARCHIVO; luego trustee deal y trustee check (--board DIRECCIÓN --secret ARCHIVO). Después quien organiza: asamblea election key --board DIRECCIÓN --token TOKEN. En la sala cada custodio ejecuta asamblea trustee follow --board DIRECCIÓN --secret ARCHIVO, que descifra una vez cada votación secreta cerrada. DIRECCIÓN es http://este-servidor/api/v1/boards/ seguido del nombre del tablero de claves.
secret-ballots-back = Volver al plan de escaños
secret-ballots-new-key = Nueva ceremonia de claves
secret-ballots-new-key-help = Si un custodio perdió su secreto o cambian los custodios: se abre un nuevo tablero de claves con nuevos tokens, y las votaciones secretas nuevas esperan su ceremonia. El tablero anterior se conserva: las votaciones ya cerradas se siguen verificando, y las que están abiertas conservan su clave (sus custodios las descifran siguiendo el tablero anterior).
secret-ballots-new-key-button = Abrir un nuevo tablero de claves
secret-ballots-new-key-done = Nuevo tablero de claves: las votaciones secretas nuevas esperan su ceremonia. El tablero anterior se conserva:
secret-ballots-new-key-confirm = Entiendo que no se podrán abrir votaciones secretas hasta que los nuevos custodios hagan su ceremonia.
error-secret-ballots-new-key-plaintext = Una nueva ceremonia de claves es solo para el voto secreto cifrado.
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
error-ballot-not-prepared = La papeleta no se hizo para el tablero de esta elección o votación tal como está ahora. Vuelva a votar.
