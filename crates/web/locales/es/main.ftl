app-name = Asamblea
nav-home = Inicio
nav-record = Registro público
nav-organizations = Organizaciones
nav-vote = Votar con código
assembly-nav = En esta asamblea
assembly-nav-session = Sesión en curso
assembly-nav-delegates = Delegados
assembly-nav-elections = Elecciones
assembly-nav-presence = Presencia y quórum
assembly-nav-door = Puerta (registro de ingreso)
assembly-nav-projector = Proyector
assembly-nav-plan = Plan de escaños
nav-accounts = Cuentas
nav-login = Ingresar
nav-logout = Salir
nav-language = Idioma
footer-record-note = Cada acto queda en un registro público encadenado que cualquiera puede verificar.

home-title = Asamblea de las organizaciones populares
home-intro = Las organizaciones de base eligen a sus delegados, que responden ante ellas y pueden ser revocados. Aquí se ven los escaños, las sesiones y el registro de todo lo actuado.
home-assemblies = Asambleas
home-no-assemblies = Todavía no hay asambleas.

seats-title = Escaños
seats-count = { $count ->
    [one] { $count } escaño
   *[other] { $count } escaños
}
seats-total = { $count } escaños, repartidos por sector y luego por organización (método { $method }).
seats-by-sector = Escaños por sector
seats-by-organization = Escaños por organización
seats-sector = Sector
seats-seats = Escaños
seats-organization = Organización
seats-members = Afiliados
seats-total-label = Total
seats-illustrative = Las cifras de afiliados y el reparto dentro de cada sector son ilustrativos; la composición por sectores sigue las fuentes históricas.
sector-labour = Trabajadores
sector-middle = Clase media, profesionales y estudiantes
sector-peasants = Campesinos
sector-parties = Partidos políticos
method-dhondt = D'Hondt
method-sainte-lague = Sainte-Laguë
method-modified-sainte-lague = Sainte-Laguë modificado
method-hare = resto mayor (Hare)
method-droop = resto mayor (Droop)
method-huntington-hill = Huntington-Hill
method-adams = Adams

record-title = Registro público
record-intro = Cada cambio es un acto, encadenado al anterior por su huella SHA-256. Cualquiera puede exportarlo y verificarlo con «asamblea record verify».
record-head = Último acto: n.º { $position }, huella
record-older = Actos anteriores

setup-title = Primera configuración
setup-intro = Este enlace sirve una sola vez: cree la cuenta de administración de esta instancia.
setup-submit = Crear la cuenta de administración

login-title = Ingresar
login-card-title = Con el código de su credencial
login-card-help = El código está impreso en su credencial de delegado. No hace falta correo electrónico.
login-password-title = Con usuario y contraseña
login-card-pickup = ¿Sin código, o lo perdió? Recoja su credencial en este teléfono
login-submit = Ingresar

field-username = Usuario
field-display-name = Nombre
field-password = Contraseña
field-password-again = Repita la contraseña
field-card-code = Código de la credencial
field-role = Función

role-admin = Administración
role-secretary = Secretaría de organización
role-delegate = Delegado o delegada

account-title = Mi cuenta
account-set-password = Elegir una contraseña
account-change-password = Cambiar la contraseña
account-no-password-yet = Ingresó con su credencial. Puede elegir una contraseña para ingresar también sin ella.
account-save-password = Guardar la contraseña
account-password-saved = Contraseña guardada.

accounts-title = Cuentas
accounts-new = Nueva cuenta
accounts-create = Crear y emitir credencial
accounts-list = Todas las cuentas
accounts-new-card = Nueva credencial

card-title = Credencial
card-code-label = Código para ingresar:
card-how = Ingrese en «Ingresar» con este código, o escanee el código QR. Guárdelo como una llave: quien lo tenga puede actuar en su nombre.
card-print-once = Este código se muestra una sola vez. Imprima la credencial ahora.

error-title = No se pudo completar
error-not-found = No encontramos lo que busca.
error-forbidden = No tiene permiso para hacer esto.
error-login-required = Tiene que ingresar primero.
error-login-failed = Usuario o contraseña incorrectos.
error-card-code = Ese código de credencial no es válido.
error-throttled = Demasiados intentos fallidos. Espere unos minutos y vuelva a intentar.
error-setup-link-used = Este enlace de configuración ya no es válido.
error-username-format = El usuario debe tener de 3 a 40 letras, números, puntos o guiones, sin espacios.
error-username-taken = Ese usuario ya existe.
error-display-name = Escriba un nombre (hasta 120 caracteres).
error-password-short = La contraseña debe tener al menos 10 caracteres.
error-password-mismatch = Las dos contraseñas no coinciden.
error-csrf = El formulario caducó o no vino de esta página. Vuelva a cargar la página e intente de nuevo.
error-internal = Algo falló en el servidor. Nada de lo confirmado se perdió; intente de nuevo.
error-unavailable = El servidor no alcanza su base de datos en este momento. Su sesión sigue abierta; intente de nuevo en un momento.
error-invalid = Revise los datos del formulario.
error-input-field = El valor de «{ $field }» no es válido. Revise el formulario.
error-input-form-type = El formulario no llegó como formulario web. Vuelva a la página e intente de nuevo.
error-input-json-type = El cuerpo debe ser JSON (Content-Type: application/json).
error-input-json = El cuerpo no es JSON válido (línea { $line }, byte { $byte }).
error-input-too-large = Lo enviado es demasiado grande (aquí, 1 MB como máximo).
error-input-unreadable = No se pudo leer lo enviado.
error-input-not-utf8 = El archivo no está en UTF-8: línea { $line }, byte { $byte }. Guárdelo como UTF-8 y envíelo de nuevo.

## Credential cards collected on one's own phone; the badge at the door; logging out everywhere
field-badge = Número de credencial
card-badge-label = Número de credencial (para la puerta):
card-collect-how = Este número no sirve para ingresar. Su código para ingresar lo recoge usted en su propio teléfono en /card: muestre el número que le da el teléfono a la comisión de poderes, que lo aprueba; nadie más ve su código.
card-pickup-number = Número de retiro
card-replaced-done = Credencial reemplazada: la anterior ya no sirve y todas sus sesiones se cerraron. El teléfono de su titular puede recoger el nuevo código.
card-pickup-title = Recoger mi credencial
card-pickup-help = Para recibir un código nuevo para ingresar (primera credencial, o una perdida): pida un retiro en este teléfono y muestre el número a la comisión de poderes (o a un administrador), con un documento que diga quién es usted.
card-pickup-start = Pedir un retiro
card-pickup-show = Muestre este número a la comisión de poderes. Cuando lo haya aprobado, pulse «Recoger».
card-pickup-collect = Recoger
card-pickup-collected = Su nuevo código para ingresar. Se muestra una sola vez y solo en este teléfono: anótelo y guárdelo como una llave. Ya ingresó en este teléfono.
card-pickup-keep = El código anterior ya no sirve.
card-pickup-unknown = No hay ningún retiro con ese número.
card-pickup-used = Ese retiro ya se usó.
card-pickup-waiting = Su retiro todavía no fue aprobado.
card-pickup-expired = Ese retiro venció: pida uno nuevo.
account-card-replaced = Su credencial fue reemplazada el { $at }. Si no lo pidió usted, avise a la comisión de poderes.
account-sessions = Sesiones
account-sessions-help = ¿Perdió un teléfono en el que había ingresado? Cierre todas las sesiones de su cuenta, también esta.
account-logout-everywhere = Cerrar sesión en todas partes
act-account-card-replaced = Credencial reemplazada
error-record-range = El tamaño o la posición piden un árbol mayor que el registro.

# hall2: times in an assembly's own zone (crates/web/src/local_time.rs)
time-month-1 = enero
time-month-2 = febrero
time-month-3 = marzo
time-month-4 = abril
time-month-5 = mayo
time-month-6 = junio
time-month-7 = julio
time-month-8 = agosto
time-month-9 = septiembre
time-month-10 = octubre
time-month-11 = noviembre
time-month-12 = diciembre
time-date-time = { $day } de { $month } de { $year }, { $time }
time-minutes-left = { $minutes ->
    [0] menos de 1 min
   *[other] { $minutes } min
}
## Cast receipts
error-cast-key = La clave de envío del voto no es válida: entre 16 y 128 letras, cifras, «-» o «_».
