"""The pupil bot on Telegram (SPEC 9, issue 7): a python-telegram-bot Application in its own process.

    app.py         build_application(flask_app): every handler and repeating job, registered in one place
    handlers.py    what a chat sends: /start CODE, commands, text (notes, pupil codes), photos, the rest
    buttons.py     taps on inline buttons: goals, steps, notes, photos, rating, help, lessons, reminders
    portfolio.py   "Mijn portfolio": evidence on a goal, stars in a rating round, preparing a conversation
                   (its keyboards and callback data in portfolio_keyboards.py)
    chat.py        who is speaking in a chat, what it waits for, answering (recorded on shared devices)
    background.py  repeating jobs: sign out idle shared devices, tell pupils their question was handled
    reminders.py   send_reminders(bot, reminders), called by the scheduler process
    guard.py       flood control, safe retries, the error handler
    keyboards.py   inline keyboards and the callback data behind them
    texts.py       every Dutch text the bot shows
    bridge.py      service calls in a worker thread, inside the Flask app context, with a connection

The bot talks to the services only (services/bot/), never to the models.
"""
