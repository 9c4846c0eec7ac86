# Elecciones de delegados por un tablero cifrado (issue 14).
dlg-election-encrypted = Esta elección es secreta y cifrada: cada papeleta se cifra para los custodios de la asamblea, y solo suficientes de ellos juntos pueden descifrar, y solo el total. Quien tenga el servidor o los archivos de su base de datos puede ver quién votó, no cómo. Cualquiera puede comprobar el recuento en el tablero de la elección.
dlg-election-board = El tablero de la elección: papeletas cifradas, recuento, partes de los custodios y acta
dlg-election-counting = Escrutinio: esperando a los custodios, { $k } de { $t } partes de descifrado recibidas.
dlg-election-record-digest = SHA-256 del acta electoral de la elección (en su tablero):
dlg-election-ranked-plaintext = La asamblea cifra sus votos secretos, pero esta elección es por orden de preferencia: sus papeletas se cuentan en claro (el conteo cifrado no puede ordenar candidatos; haría falta una red de mezcla).
dlg-vote-server-encrypts = En esta página el servidor cifra su papeleta por usted: es privada para otras personas, pero no para el servidor, que ve su elección mientras la cifra. Igual puede encontrar su papeleta en el tablero de la elección por su código de seguimiento.
dlg-vote-encrypted-here = Su papeleta se cifró en este dispositivo: el servidor nunca vio su elección. Solo los custodios juntos pueden contar las papeletas, nunca leer una.
dlg-vote-server-encrypted = El servidor cifró esta papeleta (sin JavaScript): es privada frente a otras personas, pero no frente al servidor, que vio su elección al cifrarla.
dlg-vote-done-encrypted = Su papeleta cifrada está en el tablero de la elección. Nada la une a usted: solo se registra que su código ya votó.
dlg-election-paper-added-help = Elección cifrada: si en la sala se votó también en papel, cargue aquí los votos de cada candidatura una sola vez, mientras la votación está abierta. Se suman a los totales que descifren los custodios; no reemplazan las papeletas de los códigos.
dlg-election-paper-added = Recuento en papel cargado, a sumar a los totales descifrados:
dlg-error-paper-added = El recuento en papel de esta elección ya fue cargado.
dlg-election-record-link = el acta (JSON)
