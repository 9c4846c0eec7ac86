# Cifrado de la papeleta en el dispositivo del votante (static/encrypt.js, templates/encrypt/panel.html).
encrypt-note = Su papeleta se cifra en este teléfono: el servidor nunca ve sus opciones ni su credencial. Solo los custodios juntos pueden contar las papeletas, nunca leer una.
encrypt-button = Cifrar mi papeleta
encrypt-working = Cifrando su papeleta en este teléfono…
encrypt-ready = Su papeleta está cifrada. Su código de seguimiento, para encontrarla en el tablero:
encrypt-ready-help = Deposítela, o verifíquela antes: una papeleta verificada muestra lo que contiene y nunca se puede depositar; se hace una nueva, con un nuevo código de seguimiento.
encrypt-cast = Depositar esta papeleta
encrypt-challenge = Verificar esta papeleta (desafío)
encrypt-challenged = Papeleta verificada (nunca depositada)
encrypt-challenge-ok = Verificado: esta papeleta cifrada contiene exactamente las opciones que usted marcó:
encrypt-challenge-bad = Atención: esta papeleta cifrada no contiene las opciones que usted marcó. No vote desde este dispositivo y avise a los organizadores de la elección.
encrypt-challenge-never = Esta papeleta mostró lo que contiene, así que nunca se podrá depositar. Arriba se hizo una papeleta nueva, con un nuevo código de seguimiento.
encrypt-challenge-details = La papeleta verificada y su aleatoriedad (para verificarla en otro dispositivo)
encrypt-none = ninguna
encrypt-error = Este teléfono no pudo cifrar la papeleta:
encrypt-error-credential = Una credencial tiene 64 letras y cifras (0-9, a-f), tal como la entregó la autoridad de credenciales.
encrypt-error-selections = Sus opciones no cumplen las reglas de esta pregunta.
