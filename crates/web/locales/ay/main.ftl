# Aymar aru (Aymara). Draft translation of the delegate's journey: it needs review by native
# speakers. A message missing here is shown in Spanish (the loader falls back message by message).
# CLDR has no plural rules for Aymara: write selectors with *[other] only.
nav-home = Qalltawi
nav-language = Aru
nav-login = Mantaña
nav-logout = Mistuña
nav-organizations = Tamanaka
nav-record = Taqinitaki qillqa
nav-vote = Jakhumpi chhijllaña
footer-record-note = Sapa luratax taqinitaki qillqatawa; khitis uñakipaspawa.
field-card-code = Credencialan jakhupa
field-password = Imt'at aru
field-username = Mantañataki suti
login-card-help = Jakhux delegado credencialamanwa qillqata. Janiw correo electrónico munaskiti.
login-card-pickup = ¿Jakhumax janit utjki, chhaqtaytati? Aka telefonon credencialam katuqma
login-card-title = Credencialaman jakhupampi
login-password-title = Sutimpi imt'at arumpi
login-submit = Mantaña
login-title = Mantaña
account-title = Cuentaxa
field-display-name = Suti
field-role = Lurawi
role-delegate = Delegado, delegada
account-sessions = Mantawinaka
account-sessions-help = ¿Telefonom chhaqtaytati? Taqi mantawinakam jist'antam, akasa.
account-logout-everywhere = Taqi chiqat mistuña
