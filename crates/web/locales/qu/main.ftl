# Runa Simi (Quechua). Draft translation of the delegate's journey: it needs review by native
# speakers. A message missing here is shown in Spanish (the loader falls back message by message).
# CLDR has no plural rules for Quechua: write selectors with *[other] only.
nav-home = Qallarina
nav-language = Simi
nav-login = Yaykuy
nav-logout = Lluqsiy
nav-organizations = Tantanakuykuna
nav-record = Llapanpaq qillqa
nav-vote = Yupaywan akllay
footer-record-note = Sapa ruwasqaqa llapa runapaq qillqapi kachkan; pipas qhawarinmanmi.
field-card-code = Kartaq yupaynin
field-password = Pakasqa simi
field-username = Yaykunapaq suti
login-card-help = Yupayqa delegado kartaykipi qillqasqa kachkan. Manam correo electrónico munakunchu.
login-card-pickup = ¿Mana yupayniyki kanchu, chinkachirqankichu? Kay telefonopi kartaykita chaskiy
login-card-title = Kartaykiq yupayninwan
login-password-title = Sutiwan pakasqa simiwan
login-submit = Yaykuy
login-title = Yaykuy
account-title = Cuentay
field-display-name = Suti
field-role = Ruwana
role-delegate = Kamachisqa (delegado, delegada)
account-sessions = Yaykusqakuna
account-sessions-help = ¿Telefonoykita chinkachirqankichu? Llapa yaykusqaykita wisq'ay, kaytapas.
account-logout-everywhere = Llapanmanta lluqsiy
