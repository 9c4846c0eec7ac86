# Registro: organizaciones, afiliados, sectores, asambleas y planes de escaños.
registry-organizations-title = Organizaciones
registry-organizations-none = Todavía no hay organizaciones registradas.
registry-organization-new = Nueva organización
registry-organization-edit = Editar organización
registry-organizations-import = Importar organizaciones (CSV)
registry-organizations-import-help = Una fila por organización. La matriz (parent) es la sigla de una organización ya registrada o de una fila anterior del archivo. Tipos: confederation, federation, union, party, other. Fechas AAAA-MM-DD.
registry-membership-count = { $count ->
    [one] 1 afiliado
   *[other] { $count } afiliados
}
registry-term-lapsed = gestión vencida
registry-export-csv = Descargar CSV
registry-edit = Editar
registry-save = Guardar
registry-children = Organizaciones afiliadas
registry-kind-confederation = Confederación
registry-kind-federation = Federación
registry-kind-union = Sindicato
registry-kind-party = Partido
registry-kind-other = Otra
registry-field-name = Nombre
registry-field-short-name = Sigla
registry-field-kind = Tipo
registry-field-sector = Sector
registry-field-department = Departamento
registry-field-parent = Organización matriz
registry-field-membership = Afiliados declarados
registry-field-term = Gestión de la directiva
registry-field-term-from = Gestión desde
registry-field-term-to = Gestión hasta
registry-field-member-count = Afiliados registrados
registry-field-member-number = N.º de afiliado
registry-field-phone = Teléfono
registry-field-email = Correo electrónico
registry-field-contact = Contacto
registry-field-line = Línea
registry-field-organization = Organización
registry-field-key = Clave
registry-field-colour = Color
registry-field-slug = Dirección (slug)
registry-field-level = Nivel
registry-field-parent-assembly = Asamblea nacional de la que depende
registry-secretaries = Secretarías
registry-secretaries-none = Esta organización no tiene secretaría asignada.
registry-secretary-account = Cuenta
registry-secretary-assign = Asignar como secretaría
registry-members = Afiliados
registry-members-none = Todavía no hay afiliados registrados.
registry-members-import = Importar afiliados (CSV)
registry-members-import-title = Importar afiliados de { $org }
registry-members-import-help = Una fila por afiliado. Obligatorias: member_number y name. La columna organization (sigla) es opcional. Nada se guarda hasta que el archivo no tenga problemas y usted confirme.
registry-member-add = Añadir afiliado
registry-member-remove = Quitar
registry-member-edit = Corregir afiliado
registry-secretary-remove = Quitar
registry-import-paste = Pegue la planilla
registry-import-csv = Contenido CSV (separado por comas o punto y coma, con encabezado)
registry-import-preview = Revisar
registry-import-clean = { $count ->
    [one] El archivo no tiene problemas: 1 fila lista para importar.
   *[other] El archivo no tiene problemas: { $count } filas listas para importar.
}
registry-import-confirm = { $count ->
    [one] Confirmar e importar 1 fila
   *[other] Confirmar e importar { $count } filas
}
registry-import-problems = { $count ->
    [one] El archivo tiene 1 problema. No se importó nada; corríjalo y vuelva a revisar.
   *[other] El archivo tiene { $count } problemas. No se importó nada; corríjalos y vuelva a revisar.
}
registry-sectors-title = Sectores
registry-sector-new = Nuevo sector
registry-sector-create = Crear sector
registry-assembly-new = Nueva asamblea
registry-assembly-create = Crear asamblea
registry-level-national = Nacional
registry-level-departmental = Departamental
registry-plan-title = Plan de escaños
registry-plan-version = Versión { $version }
registry-plan-see-seats = Ver escaños por organización
registry-plan-voting = Escaños con voto
registry-plan-attached = Escaños adjuntos (con voz, sin voto)
registry-plan-fraternal = Invitados fraternos
registry-plan-minimum = Mínimo de escaños por organización
registry-plan-method = Método de reparto
registry-plan-shares = Participación de cada sector (pesos enteros, p. ej. 60)
registry-plan-share = Peso
registry-plan-seats = Escaños
registry-plan-save = Guardar plan
csv-error-unreadable = Línea { $line }: no se puede leer (¿comillas sin cerrar?).
csv-error-empty = Línea { $line }: el archivo no tiene filas de datos.
csv-error-column-repeated = Línea { $line }: la columna «{ $value }» está repetida.
csv-error-column-unknown = Línea { $line }: columna desconocida «{ $value }».
csv-error-column-missing = Línea { $line }: falta la columna obligatoria «{ $column }».
csv-error-too-many-rows = Línea { $line }: demasiadas filas; divida el archivo.
csv-error-field-count = Línea { $line }: número de campos distinto al del encabezado ({ $value }).
csv-error-too-long = Línea { $line }: el valor de «{ $column }» es demasiado largo.
csv-error-required = Línea { $line }: falta el valor de «{ $column }».
csv-error-organization-unknown = Línea { $line }: no hay ninguna organización con la sigla «{ $value }».
csv-error-organization-outside = Línea { $line }: la organización «{ $value }» no es esta; impórtela desde su propia página.
csv-error-duplicate-in-file = Línea { $line }: número repetido en el archivo: { $value }.
csv-error-duplicate-existing = Línea { $line }: ya hay un afiliado con el número { $value }.
csv-error-email = Línea { $line }: el correo «{ $value }» no es válido.
csv-warning-mis-decoded = Línea { $line }, columna { $column }: «{ $value }» parece mal codificado (¿el archivo no se guardó como UTF-8?). Revíselo antes de confirmar.
registry-import-warnings = Algunos textos parecen mal codificados. Puede confirmar igual, pero conviene corregir el archivo (guárdelo como UTF-8) y revisarlo de nuevo:
csv-error-short-name = Línea { $line }: la sigla «{ $value }» no es válida (sin espacios ni comas, hasta 24 caracteres).
csv-error-short-name-taken = Línea { $line }: ya existe una organización con la sigla «{ $value }».
csv-error-kind = Línea { $line }: tipo desconocido «{ $value }».
csv-error-sector-unknown = Línea { $line }: sector desconocido «{ $value }».
csv-error-membership = Línea { $line }: «{ $value }» no es un número de afiliados (de 0 a 100.000.000).
csv-error-date = Línea { $line }: la fecha «{ $value }» de «{ $column }» debe ser AAAA-MM-DD.
csv-error-term-order = Línea { $line }: la gestión termina antes de empezar.
error-registry-date = Escriba la fecha como AAAA-MM-DD.
error-registry-term-order = La gestión no puede terminar antes de empezar.
error-registry-text = Complete el campo (sin pasar el largo máximo).
error-registry-sector-key = La clave del sector lleva de 2 a 32 letras minúsculas, números o guiones.
error-registry-colour = El color debe ser como #b71c1c.
error-registry-sector-taken = Ya existe un sector con esa clave.
error-registry-short-name = La sigla lleva hasta 24 caracteres, sin espacios ni comas.
error-registry-short-name-taken = Ya existe una organización con esa sigla.
error-registry-kind = Elija el tipo de organización.
error-registry-membership = Los afiliados son un número entero, de 0 a 100.000.000.
error-registry-sector-unknown = Ese sector no existe.
error-registry-parent-unknown = La organización o asamblea matriz no existe.
error-registry-parent-cycle = Una organización no puede depender de sí misma ni de sus afiliadas.
error-registry-account-unknown = Esa cuenta no existe.
error-registry-import-changed = El archivo cambió desde la revisión. Revíselo de nuevo antes de confirmar.
error-registry-email = Ese correo electrónico no es válido.
error-registry-member-number-taken = Ya hay un afiliado con ese número en esta organización.
error-registry-member-is-delegate = Este afiliado es delegado en una asamblea; no se puede quitar.
error-registry-slug = La dirección lleva de 3 a 60 letras minúsculas, números o guiones.
error-registry-slug-taken = Ya existe una asamblea con esa dirección.
error-registry-level = Elija nacional o departamental.
error-registry-department-required = Una asamblea departamental necesita su departamento.
error-registry-parent-national = Una asamblea nacional no depende de otra.
error-registry-plan-number = Los escaños y pesos son números enteros (hasta 10 000).
error-registry-plan-empty-sector = Un sector con peso no tiene organizaciones que puedan recibir escaños.
error-registry-plan-minimums = Los mínimos o escaños fijos por organización suman más escaños de los que tiene un sector.
error-registry-plan-capacity = Un sector tiene más escaños que los que pueden recibir sus organizaciones (¿afiliados en cero?).
error-registry-plan-invalid = No se puede repartir así; revise el plan.
error-registry-plan-method = Elija un método de reparto.
error-registry-plan-no-shares = Dé un peso mayor que cero al menos a un sector.
error-registry-plan-stale = Otra persona cambió este plan mientras usted lo editaba. Abajo está el plan actual; revíselo y guarde de nuevo.
error-registry-plan-fixed = Los escaños fijos deben nombrar, una sola vez, una organización que pueda tener escaños en esta asamblea.
registry-plan-fixed = Escaños fijos
registry-plan-fixed-help = Organizaciones cuyos escaños fija el plan (por estatuto), no su número de afiliados; deje vacío para repartir.
error-text-control = El texto no puede llevar caracteres de control (saltos de línea, tabuladores, NUL).
registry-quorum-basis = Quórum contado sobre
registry-quorum-basis-help = Por defecto, los escaños con voto del plan: así unos pocos acreditados no deciden por toda la asamblea. Las votaciones ya cerradas conservan la base con que se contaron.
registry-quorum-basis-save = Guardar la base del quórum
quorum-basis-plan-seats = los escaños con voto del plan
quorum-basis-filled-seats = los escaños ocupados (titulares elegidos o acreditados)
quorum-basis-accredited = los delegados titulares acreditados
quorum-members-plan-seats = escaños del plan
quorum-members-filled-seats = escaños ocupados
quorum-members-accredited = delegados acreditados
# hall2: the assembly's time zone
registry-field-time-zone = Huso horario
registry-time-zone-hint = Nombre de la base de husos horarios, p. ej. America/La_Paz. Las horas se guardan en UTC y se muestran en este huso. Vacío al crear: el de la asamblea superior, o America/La_Paz.
registry-time-zone-save = Guardar el huso horario
error-registry-time-zone = No es un huso horario conocido: escriba un nombre como America/La_Paz.
## Large imports
error-import-too-large = El archivo pasa de 32 MB, el máximo de una importación: divídalo en varios archivos (por ejemplo, uno por sindicato).
registry-import-file = Elija el archivo
registry-import-file-label = Archivo CSV (hasta 250 000 filas y 32 MB)
registry-import-more-rows = { $count ->
    [one] … y 1 fila más.
   *[other] … y { $count } filas más.
}
registry-import-more-problems = { $count ->
    [one] … y 1 problema más.
   *[other] … y { $count } problemas más.
}
registry-import-not-utf8 = El archivo no está en UTF-8: deja de leerse en la línea { $line }, byte { $byte }. Guárdelo como «CSV UTF-8» y elíjalo de nuevo.
registry-import-staged-gone = El archivo revisado ya no está en el servidor (se importó o pasó un día): revíselo de nuevo.
registry-import-checking = Revisando el archivo…
registry-import-writing = Importando: { $written } de { $total } filas escritas.
registry-import-refreshes = Esta página se actualiza sola cada dos segundos.
registry-import-done = { $count ->
    [one] Se importó 1 afiliado.
   *[other] Se importaron { $count } afiliados.
}
registry-import-problems-now = { $count ->
    [one] No se importó nada: el archivo ya no pasa la revisión (1 problema; quizá alguien agregó afiliados entretanto).
   *[other] No se importó nada: el archivo ya no pasa la revisión ({ $count } problemas; quizá alguien agregó afiliados entretanto).
}
registry-import-again = Revisar el archivo de nuevo
registry-import-see-members = Ver los afiliados
registry-members-find = Buscar por nombre o número
registry-members-find-go = Buscar
registry-members-matching = { $count ->
    [one] 1 afiliado.
   *[other] { $count } afiliados.
}
registry-members-previous = ← Anteriores
registry-members-next = Siguientes →
## Delegations of departmental assemblies (issue 12)
registry-delegation-of = Esta organización es la delegación ante la asamblea nacional de:
registry-delegation-title = Hacer de esta organización la delegación de una asamblea departamental
registry-delegation-help = El plan de la asamblea nacional le dará escaños, que se llenan con una elección entre los delegados acreditados de la asamblea departamental (ellos pasan a ser sus afiliados). Solo para una organización sin afiliados; no se deshace.
registry-delegation-assembly = Asamblea departamental
registry-delegation-set = Hacerla delegación
registry-import-not-here = Este archivo no se está importando en este servidor: no se confirmó, o la importación se interrumpió (nada se escribe a medias). Si otro servidor lo importa, vuelva a cargar en un momento; si no, revise el archivo de nuevo y confirme.
