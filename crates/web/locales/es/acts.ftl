# The sentence that stands for each kind of act on the public record (domain::ActKind).

act-account-card-issued = Se emitió una nueva credencial para una cuenta
act-account-created = Se creó una cuenta
act-account-organization-set = Se asignó una cuenta a una organización
act-account-password-set = Una cuenta eligió su contraseña
act-assembly-created = Se creó una asamblea
act-assembly-role-assigned = Se asignó un cargo en la asamblea
act-assembly-role-removed = Se retiró un cargo en la asamblea
act-delegate-accredited = Se aceptó la credencial de un delegado
act-delegate-checked-in = Un delegado registró su asistencia
act-delegate-recalled = Un delegado fue revocado por su base
act-delegate-registered = Se registró un delegado
act-delegate-rejected = Se rechazó la credencial de un delegado
act-delegate-substitute-seated = Un suplente asumió la banca
act-delegation-revoked = La asamblea revocó una delegación
act-election-candidate-nominated = Se postuló un candidato
act-election-closed = Se cerró una elección y se publicó su resultado
act-election-opened = Se abrió una elección
act-election-voting-started = Comenzó la votación de una elección
act-member-added = Se agregó un afiliado
act-member-removed = Se dio de baja a un afiliado
act-member-updated = Se actualizaron los datos de un afiliado
act-members-imported = Se importó un padrón de afiliados
act-motion-adopted = Se aprobó una moción
act-motion-amendment-proposed = Se propuso una enmienda
act-motion-proposed = Se propuso una moción
act-motion-recommended = La presidencia recomendó sobre una moción
act-motion-rejected = Se rechazó una moción
act-motion-supported = Un delegado apoyó una moción
act-motion-withdrawn = Se retiró una moción
act-organization-created = Se registró una organización
act-organization-recall-method-set = Una organización fijó cómo revoca a sus delegados
act-organization-updated = Se actualizaron los datos de una organización
act-organizations-imported = Se importaron organizaciones
act-resolution-adopted = Se adoptó una resolución
act-resolution-follow-up = Se actualizó el seguimiento de una resolución
act-sector-created = Se creó un sector
act-seat-plan-set = Se fijó el reparto de bancas
act-session-closed = Se cerró una sesión
act-session-created = Se convocó una sesión
act-session-item-added = Se agregó un punto al orden del día
act-session-item-closed = Se cerró un punto del orden del día
act-session-item-moved = Se reordenó el orden del día
act-session-item-opened = Se abrió un punto del orden del día
act-session-opened = Se abrió una sesión
act-session-speaker-called = Se dio la palabra a un orador
act-session-speaker-requested = Un delegado pidió la palabra
act-session-speaker-withdrawn = Un orador retiró su pedido de palabra
act-session-speakers-list-closed = Se cerró la lista de oradores
act-session-speakers-list-opened = Se abrió la lista de oradores
act-session-speakers-reordered = La presidencia reordenó la lista de oradores
act-vote-ballot-cast = Se emitió un voto
act-vote-ballots-cast = Se emitieron votos en una votación
act-election-ballots-cast = Afiliados votaron en una elección con sus códigos de votación
act-vote-closed = Se cerró una votación y se publicó su resultado
act-vote-counting = Se cerró una votación secreta a las papeletas; su recuento cifrado espera a los custodios
act-election-counting = Se cerró una elección a las papeletas; su recuento cifrado espera a los custodios
act-election-paper-added = Se cargó un recuento en papel, que se sumará a los totales descifrados de una elección cifrada
act-vote-opened = Se abrió una votación

record-actor-account = cuenta n.º { $id }
record-actor-setup = enlace de instalación
record-actor-system = el servidor
act-assembly-quorum-basis-set = Se fijó sobre qué se cuenta el quórum de la asamblea
act-assembly-secret-ballots-set = Se fijó cómo guarda la asamblea sus votos secretos
act-election-cancelled = Se anuló una elección
# hall2 (issue 10: time zones, offices)
act-assembly-time-zone-set = Se fijó el huso horario de la asamblea

# federation (issue 12)
act-assembly-federation-set = Se fijaron los ajustes de federación de la asamblea (suplentes, poderes, peso del voto)
act-delegate-checked-out = Un delegado salió de la sala
act-delegate-seat-held = Un suplente ocupó la banca de un titular ausente
act-delegate-seat-returned = Un titular recuperó su banca
act-forward-accepted = La asamblea superior puso en su orden del día una resolución elevada
act-forward-declined = La asamblea superior rechazó una resolución elevada
act-forward-merged = La asamblea superior unificó resoluciones elevadas en una moción
act-forward-sent = Una asamblea departamental elevó una resolución
act-proxy-given = Un delegado dio su poder a otro
act-proxy-revoked = Un delegado revocó su poder
act-resolution-descent-decided = Una asamblea departamental decidió sobre una resolución de la asamblea superior
# The mandate and calls to action (issue 13).
act-demand-submitted = Una organización presentó una demanda
act-demands-merged = Se reunieron demandas iguales
act-demands-ranked = Una organización ordenó las demandas
act-mandate-rule-set = Se fijó la regla del orden de las demandas
act-platform-adopted = Se registró la plataforma adoptada
act-command-created = Se creó un comando
act-call-issued = Se emitió una convocatoria
act-call-armed = Se armó una convocatoria
act-call-confirmed = Un miembro del comando confirmó
act-call-fired = Se disparó la convocatoria
act-call-disarmed = Se desarmó la convocatoria
act-call-escalated = La convocatoria pasó al paso siguiente
act-call-lifted = Se levantó la convocatoria
act-call-adherence-reported = Una organización informó su adhesión
# Boards of verifiable secret elections (issue 14).
act-board-opened = Se abrió el tablero de una elección secreta
act-board-published = Se publicó un documento en el tablero de una elección secreta
act-board-refused = El tablero rechazó un documento, nombrando a quien lo publicó
act-board-ballot-cast = Se depositó una papeleta cifrada en el tablero de una elección secreta

# Departmental delegations to the national assembly (issue 12).
act-organization-delegation-set = Una organización pasó a ser la delegación de una asamblea departamental
# Testigos del registro (issue 11, task 11).
act-witness-added = Se añadió un testigo del registro
act-witness-removed = Se retiró un testigo del registro
act-checkpoint-cosigned = Un testigo cofirmó un punto de control del registro
