# Testigos del registro (issue 11, task 11).
witness-error-vkey = No es una clave de verificación de testigo (nombre+id de clave+clave, como la imprime `asamblea witness key`).
witness-error-exists = Ya se añadió un testigo con ese nombre.
witness-error-note = No es un punto de control de este registro con una cofirma.
