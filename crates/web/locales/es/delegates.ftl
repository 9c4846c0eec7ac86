error-not-accredited = Esta persona no tiene credencial aceptada para esta asamblea.

## Errores de elecciones, credenciales y revocatorias
dlg-error-already-voted = Con este código ya se votó. Cada afiliado vota una sola vez; el primer voto es el que cuenta.
dlg-error-ballot-empty = La papeleta está vacía: marque al menos una candidatura.
dlg-vote-blank = Votar en blanco
dlg-vote-blank-help = Si no quiere elegir a nadie, puede votar en blanco: su voto cuenta como emitido, para nadie. Deje todo sin marcar.
dlg-error-ballot-blank-marked = Marcó candidaturas y pidió votar en blanco. Quite las marcas para votar en blanco, o use «Votar».
dlg-error-ballot-invalid = La papeleta no es válida para esta elección.
dlg-error-ballot-same-rank = Dos candidaturas tienen el mismo número de preferencia. Use cada número una sola vez.
dlg-error-ballot-too-many = Marcó más candidaturas que puestos en elección.
dlg-error-credential-decided = La comisión de credenciales ya decidió sobre esta credencial.
dlg-error-delegate-not-active = Esta persona ya no es delegada en ejercicio (fue rechazada o revocada).
dlg-error-delegation-empty = Esta organización no tiene delegados en ejercicio en la asamblea.
dlg-error-election-already-candidate = Esta persona ya es candidata en esta elección.
dlg-error-election-closed = Esta elección ya está cerrada.
dlg-error-election-has-ballots = Ya se emitieron votos con códigos: no se puede cargar un recuento en papel.
dlg-error-election-method = Elija un método de recuento de la lista.
dlg-error-election-no-ballots = No hay votos válidos que contar.
dlg-error-election-no-candidates = No hay candidaturas suficientes.
dlg-error-election-no-members = La organización no tiene afiliados registrados: no hay a quién dar códigos.
dlg-error-election-no-seats = Esta organización no tiene bancas asignadas en esta asamblea.
dlg-error-election-not-member = Esta persona no está afiliada a la organización que elige.
dlg-error-election-not-nominating = El período de postulación está cerrado.
dlg-error-election-not-voting = La votación no está abierta.
dlg-error-election-running = Ya hay una elección abierta de esta organización para esta asamblea.
dlg-error-election-substitutes = El número de suplentes debe estar entre 0 y 20.
dlg-error-paper-count = Revise el recuento: cada candidatura una vez, votos de mayor a menor, ningún número negativo.
dlg-error-reason-required = Indique el motivo.
dlg-error-recall-by-body = Esta organización revoca por votación de sus afiliados, no por su directiva.
dlg-error-recall-by-members = Esta organización revoca por votación de sus afiliados: abra una votación revocatoria.
dlg-error-reference = Indique la referencia de la decisión (acta, resolución o número de votación).
dlg-error-term-lapsed = El mandato de la directiva de esta organización está vencido: no se puede acreditar a su delegación hasta que renueve su directiva.
dlg-error-voting-code = Código de votación desconocido. Revise que lo haya escrito bien.

## Elecciones
dlg-elections-title = Elecciones de delegados
dlg-elections-list = Elecciones
dlg-elections-open = Abrir una elección
dlg-elections-open-button = Abrir la elección
dlg-election-title = Elección
dlg-election-kind = Tipo
dlg-election-kind-delegates = Elección de delegados
dlg-election-kind-recall = Votación revocatoria
dlg-election-status = Estado
dlg-election-status-nominating = Postulaciones
dlg-election-status-voting = Votación abierta
dlg-election-status-closed = Cerrada
dlg-election-seats = Titulares + suplentes
dlg-election-recall-of = Revocatoria de
dlg-election-voted = Han votado
dlg-election-paper = Recuento en papel
dlg-election-paper-yes = Sí: resultado de un recuento en papel cargado por la secretaría
dlg-election-paper-help = Si la elección se hizo en asamblea con papeletas o a mano alzada, cargue los votos de cada candidatura.
dlg-election-paper-button = Cargar el recuento
dlg-election-digest = Huella del ánfora (SHA-256)
dlg-election-ballots = Papeletas (anónimas)
dlg-election-result = Resultado
dlg-election-elected = Titulares electos
dlg-election-substitutes = Suplentes, en orden
dlg-election-rounds = Recuento, vuelta por vuelta
dlg-election-round-action = Qué pasó
dlg-election-candidates = Candidaturas
dlg-election-nominate = Postular a
dlg-election-nominate-button = Postular
dlg-election-nominate-self = Postularme
dlg-election-start = Abrir la votación
dlg-election-start-help = Se genera un código de un solo uso para cada afiliado. La lista se muestra una sola vez: imprímala y entregue cada código en mano.
dlg-election-start-button = Abrir la votación y generar los códigos
dlg-election-close-button = Cerrar la votación y contar
dlg-method = Método
dlg-method-plurality = Mayoría simple (en bloque si hay varios puestos)
dlg-method-approval = Voto por aprobación
dlg-method-scottish-stv = Voto único transferible (reglas escocesas)
dlg-method-meek = Voto único transferible (Meek)
dlg-method-wigm = Voto único transferible (WIGM)
dlg-method-schulze = Schulze
dlg-method-yes-no = Sí o no
dlg-method-paper = Recuento en papel
dlg-field-method = Método de recuento
dlg-field-substitutes = Suplentes
dlg-field-organization = Organización
dlg-field-name = Nombre
dlg-field-member-number = N.º de afiliado
dlg-field-reason = Motivo
dlg-field-reference = Referencia (acta, resolución, votación)
dlg-field-account = Cuenta
dlg-field-office = Cargo
dlg-save = Guardar

## Códigos de votación
dlg-codes-title = Códigos de votación
dlg-codes-print-once = Esta lista se muestra una sola vez. Imprímala ahora y entregue cada código a su afiliado.
dlg-codes-how = Cada afiliado entra en /vote con su teléfono, escribe su código y vota. El código sirve una sola vez y el voto es secreto.

## Votar
dlg-vote-title = Votar
dlg-vote-code = Código de votación
dlg-vote-code-help = Escriba el código que le entregó la secretaría de su organización.
dlg-vote-open = Ver la papeleta
dlg-vote-ballot-title = Papeleta
dlg-vote-help-rank = Numere las candidaturas en orden de preferencia: 1 para la que más prefiere, 2 para la siguiente… Puede dejar sin número las que no quiera.
dlg-vote-help-plurality = Marque hasta { $seats ->
    [one] una candidatura
   *[other] { $seats } candidaturas
}.
dlg-vote-help-approval = Marque todas las candidaturas que apruebe.
dlg-vote-help-recall = Responda sí o no.
dlg-vote-recall-question = ¿Revocar el mandato de este delegado?
dlg-vote-yes = Sí, revocar
dlg-vote-no = No
dlg-vote-cast = Votar
dlg-vote-done-title = Voto recibido
dlg-vote-done = Su voto fue depositado en el ánfora. Nada lo une a usted: ni su nombre, ni su código, ni la hora.
dlg-vote-secret-note = El voto es secreto para otras personas, otros delegados y el público: la papeleta se guarda sin nombre ni hora, y solo se registra que usted ya votó. No es secreto para quien tenga los archivos de la base de datos del servidor, su registro de escritura anticipada (WAL) o sus copias de seguridad: con ellos se pueden unir papeletas y votantes.
dlg-vote-see-election = Ver la elección

## Delegados y credenciales
dlg-delegates-title = Delegados
dlg-delegate-position = Cargo
dlg-delegate-status = Estado
dlg-delegate-history = Historia pública
dlg-position-titular = Titular
dlg-position-substitute = Suplente
dlg-position-substitute-rank = Suplente n.º { $rank }
dlg-status-elected = Electo, sin credencial aún
dlg-status-accredited = Credencial aceptada
dlg-status-rejected = Credencial rechazada
dlg-status-recalled = Revocado
dlg-credentials-help = Como comisión de credenciales, acepte o rechace cada credencial. Al aceptar se imprime la credencial con su código.
dlg-credentials-accept = Aceptar
dlg-credentials-reject = Rechazar
dlg-credentials-card = Nueva credencial
dlg-roles-title = Cargos de la asamblea
dlg-roles-assign = Asignar
dlg-office-credentials = Comisión de credenciales
dlg-office-presidium = Presidium
dlg-office-teller = Escrutador

## Actos en la historia de un delegado
dlg-act-delegate-registered = Registrado como delegado
dlg-act-election-closed = Electo
dlg-act-delegate-accredited = Credencial aceptada
dlg-act-delegate-rejected = Credencial rechazada
dlg-act-delegate-checked-in = Registró su asistencia
dlg-act-delegate-recalled = Revocado
dlg-act-delegate-substitute-seated = Asumió la banca como titular
dlg-act-delegation-revoked = La asamblea revocó a toda la delegación
# How a delegate's seat changed hands, and what a recall refers to (the delegate's history).
dlg-via-governing-body = por decisión de su directiva
dlg-via-members-vote = por votación de sus afiliados
dlg-via-assembly = por la asamblea
dlg-via-commission = por la comisión de credenciales
dlg-via-check-in = al registrar su asistencia
dlg-reference-election = elección #{ $id }

## Puerta y asistencia
dlg-door-title = Puerta: registro de asistencia
dlg-door-check-in = Registrar asistencia
dlg-door-welcome = Bienvenido/a, { $name }. Asistencia registrada.
dlg-door-already = { $name } ya estaba presente.
dlg-presence-title = Asistencia y quórum
dlg-presence-present = Presente
dlg-presence-summary = { $present } presentes de { $seated } titulares acreditados.
dlg-presence-quorum-met = Hay quórum: se necesitan { $required } presentes de { $members } { $basis }.
dlg-presence-quorum-not-met = No hay quórum: se necesitan { $required } presentes de { $members } { $basis }.
dlg-presence-reload = Esta página se actualiza sola cada 15 segundos.

## Revocatoria
dlg-recall-title = Revocar el mandato
dlg-recall-method-title = Cómo revoca esta organización a sus delegados
dlg-recall-by-governing-body = Por decisión de su directiva (la secretaría la registra)
dlg-recall-by-members-vote = Por votación de sus afiliados
dlg-recall-help-body = Registre la decisión de la directiva con su referencia. El primer suplente asume la banca de inmediato.
dlg-recall-help-vote = Esta organización revoca por votación de sus afiliados: se abre una votación de sí o no con códigos.
dlg-recall-button = Revocar
dlg-recall-vote-button = Abrir la votación revocatoria
dlg-result-void = Ninguna papeleta válida: { $ballots ->
    [0] no se emitió ninguna.
    [one] la única emitida fue en blanco.
   *[other] las { $ballots } emitidas fueron en blanco.
} No se eligió a nadie; los escaños quedan vacantes para otra elección.
dlg-recall-result-carried = Revocatoria aprobada: { $yes } sí, { $no } no.
dlg-recall-result-lost = Revocatoria no aprobada: { $yes } sí, { $no } no.
dlg-revoke-title = Revocar a toda una delegación
dlg-revoke-help = Por votación de la asamblea. Todos los delegados y suplentes de la organización pierden su mandato; la organización elige de nuevo.
dlg-revoke-button = Revocar la delegación
dlg-error-election-no-vacancy = Esta organización no tiene escaños titulares vacantes en esta asamblea: sus titulares en funciones ya ocupan todos sus escaños.
dlg-error-election-already-delegate = Esta persona ya tiene un puesto de delegado en esta asamblea: no puede ser candidata ni ocupar un segundo puesto.
dlg-election-ties = Empates
dlg-election-tie-lot = Ronda { $round }: empate entre { $between }; decidido por sorteo (semilla { $seed }): { $chosen }.
dlg-election-tie-earlier = Ronda { $round }: empate entre { $between }; decidido por los votos de una ronda anterior: { $chosen }.

## A ballot sent again after its answer was lost (cast receipts)
dlg-vote-done-again = Su voto ya había quedado registrado la primera vez que lo envió; no se contó de nuevo.
# hall2: the offices of an assembly (/assemblies/{slug}/offices)
dlg-offices-title = Cargos de la asamblea
dlg-offices-nobody = Nadie ocupa este cargo.
dlg-offices-remove = Retirar a { $name } del cargo
dlg-offices-assign = Nombrar a alguien en un cargo
dlg-office-about-presidium = Preside las sesiones: orden del día, palabra, votaciones.
dlg-office-about-credentials = Acepta o rechaza credenciales, imprime tarjetas y lleva la puerta (registro de entrada).
dlg-office-about-teller = Registra el voto de los delegados sin teléfono.
dlg-round-first-preferences = primeras preferencias
dlg-round-reach-quota = candidaturas que alcanzan la cuota
dlg-round-fill-remaining = las candidaturas que siguen ocupan los puestos restantes
dlg-round-lowest-excluded = sin mayoría: se excluye a quien tiene menos votos
dlg-round-strongest-path = victorias por pares según el camino más fuerte
dlg-round-surplus = se transfiere el excedente de { $name }
dlg-round-excluded = se excluye a { $name }
# issue 10 (task 10a): cancelling an election, confirming the vote, several nominations, count steps
dlg-election-status-cancelled = Anulada
dlg-election-status-counting = En escrutinio: esperando a los custodios
dlg-election-cancelled-line = Elección anulada el { $at }. Motivo: { $reason }. No cuenta ningún voto ni designa a nadie.
dlg-election-cancel = Anular la elección
dlg-election-cancel-help = Si la elección se abrió por error. Queda en el registro con su motivo; los votos emitidos no se cuentan y nadie resulta designado. Luego puede abrirse otra.
dlg-field-cancel-reason = Motivo
dlg-election-cancel-button = Anular la elección
dlg-error-election-cancelled = Esta elección fue anulada.
dlg-error-election-confirm-start = Marque la casilla para confirmar que se abre la votación: se cierran las postulaciones y no se puede deshacer.
dlg-election-start-confirm = Confirmo: las postulaciones se cierran con { $candidates } { $candidates ->
    [one] candidatura
   *[other] candidaturas
} y se entregan los códigos. No se puede deshacer.
dlg-election-nominate-help = Marque a todas las personas que se postulan y pulse Postular una sola vez. Solo aparecen quienes aún no son candidatos.
dlg-election-nominate-nobody = No hay afiliados que postular (quienes ya son candidatos o delegados no aparecen).
dlg-error-nominate-none = Marque al menos a una persona.
dlg-election-round = Ronda
dlg-round-block-vote = voto en bloque
dlg-round-approvals = aprobaciones
dlg-round-first-round-majority = primera vuelta: mayoría de los votos válidos
dlg-round-first-round-sole = primera vuelta: candidatura única
dlg-round-first-round-runoff = primera vuelta: sin mayoría, hace falta una segunda vuelta
dlg-round-majority = mayoría
dlg-round-last-candidate = última candidatura
dlg-round-omega-defeated = excedente por debajo de omega: se excluye a quien tiene menos votos
dlg-round-stable-defeated = excedente estable: se excluye a quien tiene menos votos
