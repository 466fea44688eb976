"""Widgets of each Designer file, for mypy (made by ui_typegen; do not edit)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import (
        QCheckBox,
        QComboBox,
        QDateEdit,
        QDateTimeEdit,
        QDialogButtonBox,
        QFormLayout,
        QFrame,
        QGridLayout,
        QGroupBox,
        QHBoxLayout,
        QLabel,
        QLineEdit,
        QListWidget,
        QMenu,
        QMenuBar,
        QPlainTextEdit,
        QProgressBar,
        QPushButton,
        QScrollArea,
        QSpinBox,
        QSplitter,
        QStackedWidget,
        QStatusBar,
        QTableView,
        QTableWidget,
        QTabWidget,
        QVBoxLayout,
        QWidget,
    )


class AdminFormWidgets:
    """The widgets of ui/admin_form.ui."""

    if TYPE_CHECKING:  # nothing to build when the program runs
        form: QFormLayout
        fullName: QLineEdit
        fullNameError: QLabel
        fullNameLabel: QLabel
        hint: QLabel
        mainLayout: QVBoxLayout
        password: QLineEdit
        passwordError: QLabel
        passwordLabel: QLabel
        repeat: QLineEdit
        repeatError: QLabel
        repeatLabel: QLabel
        username: QLineEdit
        usernameError: QLabel
        usernameLabel: QLabel


class AssessmentDialogWidgets:
    """The widgets of ui/assessment_dialog.ui."""

    if TYPE_CHECKING:  # nothing to build when the program runs
        assessment: QComboBox
        assessmentError: QLabel
        assessmentLabel: QLabel
        buttons: QDialogButtonBox
        findings: QPlainTextEdit
        findingsError: QLabel
        findingsLabel: QLabel
        form: QFormLayout
        intro: QLabel
        mainLayout: QVBoxLayout


class AuditPageWidgets:
    """The widgets of ui/audit_page.ui."""

    if TYPE_CHECKING:  # nothing to build when the program runs
        applyFilter: QPushButton
        auditTable: QTableView
        caseFilter: QLineEdit
        caseFilterLabel: QLabel
        chainStatus: QLabel
        dateFrom: QDateEdit
        dateFromLabel: QLabel
        dateTo: QDateEdit
        dateToLabel: QLabel
        datesLayout: QHBoxLayout
        details: QPlainTextEdit
        entityFilter: QComboBox
        entityFilterLabel: QLabel
        filtersLayout: QHBoxLayout
        mainLayout: QVBoxLayout
        recordFilter: QLineEdit
        resetFilter: QPushButton
        splitter: QSplitter
        staffFilter: QComboBox
        staffFilterLabel: QLabel


class BackupDialogWidgets:
    """The widgets of ui/backup_dialog.ui."""

    if TYPE_CHECKING:  # nothing to build when the program runs
        buttons: QDialogButtonBox
        chooseFolder: QPushButton
        drives: QListWidget
        drivesButtons: QVBoxLayout
        drivesLabel: QLabel
        drivesRow: QHBoxLayout
        finishedNote: QLabel
        folder: QLineEdit
        folderError: QLabel
        folderLabel: QLabel
        form: QFormLayout
        intro: QLabel
        keep: QSpinBox
        keepError: QLabel
        keepRow: QHBoxLayout
        mainLayout: QVBoxLayout
        noDrives: QLabel
        passphrase: QLineEdit
        passphraseError: QLabel
        passphraseLabel: QLabel
        progress: QProgressBar
        refresh: QPushButton
        repeat: QLineEdit
        repeatError: QLabel
        repeatLabel: QLabel
        rotate: QCheckBox
        status: QLabel


class CancelPlanDialogWidgets:
    """The widgets of ui/cancel_plan_dialog.ui."""

    if TYPE_CHECKING:  # nothing to build when the program runs
        buttons: QDialogButtonBox
        cancel_reason: QPlainTextEdit
        cancel_reasonError: QLabel
        cancel_reasonLabel: QLabel
        form: QFormLayout
        intro: QLabel
        mainLayout: QVBoxLayout


class CandidatesDialogWidgets:
    """The widgets of ui/candidates_dialog.ui."""

    if TYPE_CHECKING:  # nothing to build when the program runs
        buttonsLayout: QHBoxLayout
        cancelButton: QPushButton
        candidates: QListWidget
        intro: QLabel
        mainLayout: QVBoxLayout
        newChildButton: QPushButton
        sameChildButton: QPushButton


class CenterFormWidgets:
    """The widgets of ui/center_form.ui."""

    if TYPE_CHECKING:  # nothing to build when the program runs
        address: QLineEdit
        addressError: QLabel
        addressLabel: QLabel
        chooseLogo: QPushButton
        form: QFormLayout
        formHeader: QLineEdit
        formHeaderError: QLabel
        formHeaderLabel: QLabel
        logoLabel: QLabel
        logoLayout: QHBoxLayout
        logoPreview: QLabel
        logoPreviewError: QLabel
        mainLayout: QVBoxLayout
        name: QLineEdit
        nameError: QLabel
        nameLabel: QLabel
        phone: QLineEdit
        phoneError: QLabel
        phoneLabel: QLabel
        removeLogo: QPushButton


class ChangePasswordWidgets:
    """The widgets of ui/change_password.ui."""

    if TYPE_CHECKING:  # nothing to build when the program runs
        buttons: QDialogButtonBox
        form: QFormLayout
        mainLayout: QVBoxLayout
        newPassword: QLineEdit
        newPasswordError: QLabel
        newPasswordLabel: QLabel
        oldPassword: QLineEdit
        oldPasswordError: QLabel
        oldPasswordLabel: QLabel
        repeat: QLineEdit
        repeatError: QLabel
        repeatLabel: QLabel


class ChildRecordWidgets:
    """The widgets of ui/child_record.ui."""

    if TYPE_CHECKING:  # nothing to build when the program runs
        addContact: QPushButton
        addNote: QPushButton
        addPhoto: QPushButton
        admissionButtons: QHBoxLayout
        admissionDetails: QPlainTextEdit
        admissionsLayout: QVBoxLayout
        admissionsTab: QWidget
        admissionsTable: QTableView
        admitAgain: QPushButton
        belongingButtons: QHBoxLayout
        belongingsLayout: QVBoxLayout
        belongingsTab: QWidget
        belongingsTable: QTableView
        buttons: QDialogButtonBox
        completeTask: QPushButton
        contactButtons: QHBoxLayout
        contactsLayout: QVBoxLayout
        contactsTab: QWidget
        contactsTable: QTableView
        discharge: QPushButton
        disposeBelonging: QPushButton
        editChild: QPushButton
        editContact: QPushButton
        endPlacement: QPushButton
        headerLayout: QHBoxLayout
        historyDetails: QPlainTextEdit
        historyLayout: QVBoxLayout
        historySplitter: QSplitter
        historyTab: QWidget
        historyTable: QTableView
        mainLayout: QVBoxLayout
        mergeChild: QPushButton
        noteEntry: QHBoxLayout
        noteKind: QComboBox
        noteKindLabel: QLabel
        noteText: QPlainTextEdit
        noteTextError: QLabel
        notesLayout: QVBoxLayout
        notesTab: QWidget
        notesTable: QTableView
        photoButtons: QHBoxLayout
        photoList: QListWidget
        photosLayout: QVBoxLayout
        photosTab: QWidget
        placementButtons: QHBoxLayout
        placementsLayout: QVBoxLayout
        placementsTab: QWidget
        placementsTable: QTableView
        portrait: QLabel
        printButton: QPushButton
        profileButtons: QHBoxLayout
        profileContent: QWidget
        profileForm: QFormLayout
        profileLayout: QVBoxLayout
        profileScroll: QScrollArea
        profileTab: QWidget
        reopenStay: QPushButton
        returnBelonging: QPushButton
        status: QLabel
        subtitle: QLabel
        tabs: QTabWidget
        taskButtons: QHBoxLayout
        tasksLayout: QVBoxLayout
        tasksTab: QWidget
        tasksTable: QTableView
        title: QLabel
        titleLayout: QVBoxLayout
        voidChild: QPushButton


class ChildrenPageWidgets:
    """The widgets of ui/children_page.ui."""

    if TYPE_CHECKING:  # nothing to build when the program runs
        arrivedFrom: QDateEdit
        arrivedTo: QDateEdit
        arrivedToLabel: QLabel
        byArrival: QCheckBox
        category: QComboBox
        categoryLabel: QLabel
        childrenTable: QTableView
        exportList: QPushButton
        filtersLayout: QHBoxLayout
        inCenter: QCheckBox
        mainLayout: QVBoxLayout
        newIntake: QPushButton
        resultCount: QLabel
        search: QLineEdit
        sex: QComboBox
        sexLabel: QLabel
        topLayout: QHBoxLayout


class CompleteTaskDialogWidgets:
    """The widgets of ui/complete_task_dialog.ui."""

    if TYPE_CHECKING:  # nothing to build when the program runs
        buttons: QDialogButtonBox
        done_at: QDateTimeEdit
        done_atError: QLabel
        done_atLabel: QLabel
        form: QFormLayout
        intro: QLabel
        mainLayout: QVBoxLayout
        note: QPlainTextEdit
        noteError: QLabel
        noteLabel: QLabel
        reference: QLineEdit
        referenceError: QLabel
        referenceLabel: QLabel


class ContactDialogWidgets:
    """The widgets of ui/contact_dialog.ui."""

    if TYPE_CHECKING:  # nothing to build when the program runs
        address: QLineEdit
        addressError: QLabel
        addressLabel: QLabel
        buttons: QDialogButtonBox
        form: QFormLayout
        id_number: QLineEdit
        id_numberError: QLabel
        id_numberLabel: QLabel
        intro: QLabel
        legal_guardian: QCheckBox
        legal_guardianError: QLabel
        mainLayout: QVBoxLayout
        name: QLineEdit
        nameError: QLabel
        nameLabel: QLabel
        note: QPlainTextEdit
        noteError: QLabel
        noteLabel: QLabel
        phone: QLineEdit
        phoneError: QLabel
        phoneLabel: QLabel
        relationship: QLineEdit
        relationshipError: QLabel
        relationshipLabel: QLabel
        situation: QComboBox
        situationError: QLabel
        situationLabel: QLabel


class DashboardPageWidgets:
    """The widgets of ui/dashboard_page.ui."""

    if TYPE_CHECKING:  # nothing to build when the program runs
        accountCard: QFrame
        accountCardDetail: QLabel
        accountCardLayout: QVBoxLayout
        accountCardTitle: QLabel
        accountCardValue: QLabel
        actionsLayout: QHBoxLayout
        arrivalsCard: QFrame
        arrivalsCardDetail: QLabel
        arrivalsCardLayout: QVBoxLayout
        arrivalsCardTitle: QLabel
        arrivalsCardValue: QLabel
        backupCard: QFrame
        backupCardDetail: QLabel
        backupCardLayout: QVBoxLayout
        backupCardTitle: QLabel
        backupCardValue: QLabel
        bedsCard: QFrame
        bedsCardDetail: QLabel
        bedsCardLayout: QVBoxLayout
        bedsCardTitle: QLabel
        bedsCardValue: QLabel
        cardsLayout: QHBoxLayout
        centerLine: QLabel
        figuresLayout: QHBoxLayout
        greeting: QLabel
        mainLayout: QVBoxLayout
        newIntake: QPushButton
        nowCard: QFrame
        nowCardDetail: QLabel
        nowCardLayout: QVBoxLayout
        nowCardTitle: QLabel
        nowCardValue: QLabel
        returnsCard: QFrame
        returnsCardDetail: QLabel
        returnsCardLayout: QVBoxLayout
        returnsCardTitle: QLabel
        returnsCardValue: QLabel
        taskList: QListWidget
        tasksCard: QFrame
        tasksCardDetail: QLabel
        tasksCardLayout: QVBoxLayout
        tasksCardTitle: QLabel
        tasksCardValue: QLabel
        trailCard: QFrame
        trailCardDetail: QLabel
        trailCardLayout: QVBoxLayout
        trailCardTitle: QLabel
        trailCardValue: QLabel
        visitsLine: QLabel


class DischargeDialogWidgets:
    """The widgets of ui/discharge_dialog.ui."""

    if TYPE_CHECKING:  # nothing to build when the program runs
        belongings: QTableWidget
        belongingsError: QLabel
        belongingsTitle: QLabel
        buttons: QDialogButtonBox
        collector_checked_by: QLineEdit
        collector_checked_byError: QLabel
        collector_checked_byLabel: QLabel
        collector_id_number: QLineEdit
        collector_id_numberError: QLabel
        collector_id_numberLabel: QLabel
        collector_name: QLineEdit
        collector_nameError: QLabel
        collector_nameLabel: QLabel
        collector_phone: QLineEdit
        collector_phoneError: QLabel
        collector_phoneLabel: QLabel
        collector_relationship: QLineEdit
        collector_relationshipError: QLabel
        collector_relationshipLabel: QLabel
        cross_province: QCheckBox
        cross_provinceError: QLabel
        discharge_destination: QLineEdit
        discharge_destinationError: QLabel
        discharge_destinationLabel: QLabel
        discharge_mode: QComboBox
        discharge_modeError: QLabel
        discharge_modeLabel: QLabel
        discharge_note: QPlainTextEdit
        discharge_noteError: QLabel
        discharge_noteLabel: QLabel
        discharged_at: QDateTimeEdit
        discharged_atError: QLabel
        discharged_atLabel: QLabel
        form: QFormLayout
        intro: QLabel
        mainLayout: QVBoxLayout
        police_report: QPlainTextEdit
        police_reportError: QLabel
        police_reportLabel: QLabel
        statement_signed: QCheckBox
        statement_signedError: QLabel


class DisposeDialogWidgets:
    """The widgets of ui/dispose_dialog.ui."""

    if TYPE_CHECKING:  # nothing to build when the program runs
        buttons: QDialogButtonBox
        disposal_reason: QPlainTextEdit
        disposal_reasonError: QLabel
        disposal_reasonLabel: QLabel
        disposal_ref: QLineEdit
        disposal_refError: QLabel
        disposal_refLabel: QLabel
        disposal_witness: QLineEdit
        disposal_witnessError: QLabel
        disposal_witnessLabel: QLabel
        disposed_at: QDateTimeEdit
        disposed_atError: QLabel
        disposed_atLabel: QLabel
        disposed_to: QLineEdit
        disposed_toError: QLabel
        disposed_toLabel: QLabel
        disposition: QComboBox
        dispositionError: QLabel
        dispositionLabel: QLabel
        finality: QLabel
        form: QFormLayout
        intro: QLabel
        mainLayout: QVBoxLayout


class EscortDialogWidgets:
    """The widgets of ui/escort_dialog.ui."""

    if TYPE_CHECKING:  # nothing to build when the program runs
        arrival_at: QDateTimeEdit
        arrival_atError: QLabel
        arrival_atLabel: QLabel
        buttons: QDialogButtonBox
        departure_at: QDateTimeEdit
        departure_atError: QLabel
        departure_atLabel: QLabel
        destination: QLineEdit
        destinationError: QLabel
        destinationLabel: QLabel
        escort_first: QLineEdit
        escort_firstError: QLabel
        escort_firstLabel: QLabel
        escort_second: QLineEdit
        escort_secondError: QLabel
        escort_secondLabel: QLabel
        form: QFormLayout
        intro: QLabel
        mainLayout: QVBoxLayout
        receiving_contact: QLineEdit
        receiving_contactError: QLabel
        receiving_contactLabel: QLabel
        receiving_unit: QLineEdit
        receiving_unitError: QLabel
        receiving_unitLabel: QLabel
        receiving_unit_kind: QComboBox
        receiving_unit_kindError: QLabel
        receiving_unit_kindLabel: QLabel
        return_mode: QComboBox
        return_modeError: QLabel
        return_modeLabel: QLabel
        transport: QLineEdit
        transportError: QLabel
        transportLabel: QLabel


class HandoverDialogWidgets:
    """The widgets of ui/handover_dialog.ui."""

    if TYPE_CHECKING:  # nothing to build when the program runs
        belongings: QTableWidget
        belongingsError: QLabel
        belongingsTitle: QLabel
        buttons: QDialogButtonBox
        cross_province: QCheckBox
        cross_provinceError: QLabel
        form: QFormLayout
        handed_over_at: QDateTimeEdit
        handed_over_atError: QLabel
        handed_over_atLabel: QLabel
        handover_place: QLineEdit
        handover_placeError: QLabel
        handover_placeLabel: QLabel
        intro: QLabel
        mainLayout: QVBoxLayout
        receipt_signed: QCheckBox
        receipt_signedError: QLabel
        received_by: QLineEdit
        received_byError: QLabel
        received_byLabel: QLabel


class ImportDialogWidgets:
    """The widgets of ui/import_dialog.ui."""

    if TYPE_CHECKING:  # nothing to build when the program runs
        check: QPushButton
        checkLayout: QHBoxLayout
        chooseFile: QPushButton
        closeButton: QPushButton
        fileLabel: QLabel
        fileLayout: QHBoxLayout
        fileName: QLineEdit
        importLayout: QHBoxLayout
        importRows: QPushButton
        intro: QLabel
        mainLayout: QVBoxLayout
        mapping: QTableWidget
        mappingLabel: QLabel
        problems: QPlainTextEdit
        sheetLine: QLabel
        skipBad: QCheckBox
        summary: QLabel


class IntakeDialogWidgets:
    """The widgets of ui/intake_dialog.ui."""

    if TYPE_CHECKING:  # nothing to build when the program runs
        addBelonging: QPushButton
        address: QLineEdit
        addressError: QLabel
        addressLabel: QLabel
        alias: QLineEdit
        aliasError: QLabel
        aliasLabel: QLabel
        appearance: QPlainTextEdit
        appearanceError: QLabel
        appearanceLabel: QLabel
        arrivalForm: QFormLayout
        arrivalGroup: QGroupBox
        arrivalLayout: QVBoxLayout
        arrival_mode: QComboBox
        arrival_modeError: QLabel
        arrival_modeLabel: QLabel
        arrived_at: QDateTimeEdit
        arrived_atError: QLabel
        arrived_atLabel: QLabel
        belongingButtons: QHBoxLayout
        belongings: QTableWidget
        belongingsError: QLabel
        belongingsGroup: QGroupBox
        belongingsLayout: QVBoxLayout
        birthLayout: QHBoxLayout
        birth_date: QLineEdit
        birth_dateError: QLabel
        birth_dateLabel: QLabel
        birth_date_estimated: QCheckBox
        birth_date_estimatedError: QLabel
        birth_place: QLineEdit
        birth_placeError: QLabel
        birth_placeLabel: QLabel
        bottomLayout: QHBoxLayout
        build: QComboBox
        buildError: QLabel
        buildLabel: QLabel
        buttons: QDialogButtonBox
        category: QComboBox
        categoryError: QLabel
        categoryLabel: QLabel
        checkForm: QFormLayout
        checkGroup: QGroupBox
        checkLayout: QVBoxLayout
        childForm: QFormLayout
        childGroup: QGroupBox
        childLayout: QVBoxLayout
        circumstances: QPlainTextEdit
        circumstancesError: QLabel
        circumstancesLabel: QLabel
        clothing: QPlainTextEdit
        clothingError: QLabel
        clothingLabel: QLabel
        consent: QCheckBox
        consentError: QLabel
        consent_note: QPlainTextEdit
        consent_noteError: QLabel
        consent_noteLabel: QLabel
        content: QWidget
        contentLayout: QGridLayout
        dialect: QLineEdit
        dialectError: QLabel
        dialectLabel: QLabel
        disability: QPlainTextEdit
        disabilityError: QLabel
        disabilityLabel: QLabel
        education: QComboBox
        educationError: QLabel
        educationLabel: QLabel
        estimatedAgeLabel: QLabel
        estimated_age: QLineEdit
        estimated_ageError: QLabel
        ethnicity: QComboBox
        ethnicityError: QLabel
        ethnicityLabel: QLabel
        fingerprint_ref: QLineEdit
        fingerprint_refError: QLabel
        fingerprint_refLabel: QLabel
        fingerprints_taken: QCheckBox
        fingerprints_takenError: QLabel
        found_place: QLineEdit
        found_placeError: QLabel
        found_placeLabel: QLabel
        harm_found: QCheckBox
        harm_foundError: QLabel
        health: QPlainTextEdit
        healthError: QLabel
        healthLabel: QLabel
        height_cm: QLineEdit
        height_cmError: QLabel
        height_cmLabel: QLabel
        household_registration: QLineEdit
        household_registrationError: QLabel
        household_registrationLabel: QLabel
        id_number: QLineEdit
        id_numberError: QLabel
        id_numberLabel: QLabel
        intake_check: QPlainTextEdit
        intake_checkError: QLabel
        intake_checkLabel: QLabel
        intro: QLabel
        looksForm: QFormLayout
        looksGroup: QGroupBox
        looksLayout: QVBoxLayout
        mainLayout: QVBoxLayout
        mental_state: QPlainTextEdit
        mental_stateError: QLabel
        mental_stateLabel: QLabel
        name: QLineEdit
        nameError: QLabel
        nameLabel: QLabel
        photo_taken: QCheckBox
        photo_takenError: QLabel
        police_case_no: QLineEdit
        police_case_noError: QLabel
        police_case_noLabel: QLabel
        police_handover_ref: QLineEdit
        police_handover_refError: QLabel
        police_handover_refLabel: QLabel
        reason: QPlainTextEdit
        reasonError: QLabel
        reasonLabel: QLabel
        referrer_name: QLineEdit
        referrer_nameError: QLabel
        referrer_nameLabel: QLabel
        referrer_phone: QLineEdit
        referrer_phoneError: QLabel
        referrer_phoneLabel: QLabel
        referring_unit: QLineEdit
        referring_unitError: QLabel
        referring_unitLabel: QLabel
        removeBelonging: QPushButton
        school: QLineEdit
        schoolError: QLabel
        schoolLabel: QLabel
        scrollArea: QScrollArea
        security_check: QPlainTextEdit
        security_checkError: QLabel
        security_checkLabel: QLabel
        sex: QComboBox
        sexError: QLabel
        sexLabel: QLabel
        street_since: QLineEdit
        street_sinceError: QLabel
        street_sinceLabel: QLabel
        warnings: QLabel
        welfare_status: QComboBox
        welfare_statusError: QLabel
        welfare_statusLabel: QLabel
        yearsLabel: QLabel


class MainWindowWidgets:
    """The widgets of ui/main_window.ui."""

    if TYPE_CHECKING:  # nothing to build when the program runs
        actionAbout: QAction
        actionBackup: QAction
        actionChangePassword: QAction
        actionFind: QAction
        actionLock: QAction
        actionNewIntake: QAction
        actionQuit: QAction
        actionRestore: QAction
        actionSignOut: QAction
        centralLayout: QHBoxLayout
        centralwidget: QWidget
        menuFile: QMenu
        menuGo: QMenu
        menuHelp: QMenu
        menuLanguage: QMenu
        menuView: QMenu
        menubar: QMenuBar
        navigation: QListWidget
        pages: QStackedWidget
        statusbar: QStatusBar


class PlacementDialogWidgets:
    """The widgets of ui/placement_dialog.ui."""

    if TYPE_CHECKING:  # nothing to build when the program runs
        address: QLineEdit
        addressError: QLabel
        addressLabel: QLabel
        bed_id: QComboBox
        bed_idError: QLabel
        bed_idLabel: QLabel
        buttons: QDialogButtonBox
        contact_person: QLineEdit
        contact_personError: QLabel
        contact_personLabel: QLabel
        form: QFormLayout
        intro: QLabel
        kind: QComboBox
        kindError: QLabel
        kindLabel: QLabel
        mainLayout: QVBoxLayout
        notes: QPlainTextEdit
        notesError: QLabel
        notesLabel: QLabel
        phone: QLineEdit
        phoneError: QLabel
        phoneLabel: QLabel
        place: QLineEdit
        placeError: QLabel
        placeLabel: QLabel
        sex_override_reason: QPlainTextEdit
        sex_override_reasonError: QLabel
        sex_override_reasonLabel: QLabel
        started_at: QDateTimeEdit
        started_atError: QLabel
        started_atLabel: QLabel


class PreferencesFormWidgets:
    """The widgets of ui/preferences_form.ui."""

    if TYPE_CHECKING:  # nothing to build when the program runs
        backupDays: QSpinBox
        backupDaysError: QLabel
        backupDaysLabel: QLabel
        buttonsLayout: QHBoxLayout
        followUpMonths: QLineEdit
        followUpMonthsError: QLabel
        followUpMonthsHint: QLabel
        followUpMonthsLabel: QLabel
        followUpMonthsUnit: QLabel
        followUpRow: QHBoxLayout
        form: QFormLayout
        idleMinutes: QSpinBox
        idleMinutesError: QLabel
        idleMinutesLabel: QLabel
        mainLayout: QVBoxLayout
        savePreferences: QPushButton
        twoEscortsAge: QSpinBox
        twoEscortsAgeError: QLabel
        twoEscortsLabel: QLabel


class PrintPreviewWidgets:
    """The widgets of ui/print_preview.ui."""

    if TYPE_CHECKING:  # nothing to build when the program runs
        bar: QHBoxLayout
        closeButton: QPushButton
        mainLayout: QVBoxLayout
        pages: QLabel
        printButton: QPushButton
        saveButton: QPushButton
        viewHolder: QWidget
        viewLayout: QVBoxLayout


class ReceiverDialogWidgets:
    """The widgets of ui/receiver_dialog.ui."""

    if TYPE_CHECKING:  # nothing to build when the program runs
        buttons: QDialogButtonBox
        form: QFormLayout
        intro: QLabel
        mainLayout: QVBoxLayout
        receiver_address: QLineEdit
        receiver_addressError: QLabel
        receiver_addressLabel: QLabel
        receiver_id_copy_kept: QCheckBox
        receiver_id_copy_keptError: QLabel
        receiver_id_number: QLineEdit
        receiver_id_numberError: QLabel
        receiver_id_numberLabel: QLabel
        receiver_name: QLineEdit
        receiver_nameError: QLabel
        receiver_nameLabel: QLabel
        receiver_phone: QLineEdit
        receiver_phoneError: QLabel
        receiver_phoneLabel: QLabel
        receiver_relationship: QLineEdit
        receiver_relationshipError: QLabel
        receiver_relationshipLabel: QLabel
        verified_by: QLineEdit
        verified_byError: QLabel
        verified_byLabel: QLabel
        verified_how: QPlainTextEdit
        verified_howError: QLabel
        verified_howLabel: QLabel


class ReferralDialogWidgets:
    """The widgets of ui/referral_dialog.ui."""

    if TYPE_CHECKING:  # nothing to build when the program runs
        buttons: QDialogButtonBox
        form: QFormLayout
        intro: QLabel
        mainLayout: QVBoxLayout
        note: QPlainTextEdit
        noteError: QLabel
        noteLabel: QLabel
        referred_to: QComboBox
        referred_toError: QLabel
        referred_toLabel: QLabel


class ReportsPageWidgets:
    """The widgets of ui/reports_page.ui."""

    if TYPE_CHECKING:  # nothing to build when the program runs
        exportAll: QPushButton
        exportStats: QPushButton
        figures: QTabWidget
        importLedger: QPushButton
        ledgerBox: QGroupBox
        ledgerLayout: QHBoxLayout
        ledgerText: QLabel
        mainLayout: QVBoxLayout
        pdfReport: QPushButton
        periodKind: QComboBox
        periodLabel: QLabel
        periodLayout: QHBoxLayout
        periodNumber: QComboBox
        summary: QLabel
        year: QSpinBox


class ResetPasswordWidgets:
    """The widgets of ui/reset_password.ui."""

    if TYPE_CHECKING:  # nothing to build when the program runs
        buttons: QDialogButtonBox
        form: QFormLayout
        intro: QLabel
        mainLayout: QVBoxLayout
        newPassword: QLineEdit
        newPasswordError: QLabel
        newPasswordLabel: QLabel
        repeat: QLineEdit
        repeatError: QLabel
        repeatLabel: QLabel


class RestoreDialogWidgets:
    """The widgets of ui/restore_dialog.ui."""

    if TYPE_CHECKING:  # nothing to build when the program runs
        browse: QPushButton
        buttons: QDialogButtonBox
        centerLabel: QLabel
        centerValue: QLabel
        check: QPushButton
        contents: QGroupBox
        contentsForm: QFormLayout
        countsLabel: QLabel
        countsValue: QLabel
        file: QLineEdit
        fileError: QLabel
        fileLabel: QLabel
        fileRow: QHBoxLayout
        form: QFormLayout
        intro: QLabel
        madeLabel: QLabel
        madeValue: QLabel
        mainLayout: QVBoxLayout
        otherCenter: QLabel
        passphrase: QLineEdit
        passphraseError: QLabel
        passphraseLabel: QLabel
        progress: QProgressBar
        status: QLabel
        versionLabel: QLabel
        versionValue: QLabel


class ReturnDialogWidgets:
    """The widgets of ui/return_dialog.ui."""

    if TYPE_CHECKING:  # nothing to build when the program runs
        buttons: QDialogButtonBox
        form: QFormLayout
        intro: QLabel
        mainLayout: QVBoxLayout
        returned_at: QDateTimeEdit
        returned_atError: QLabel
        returned_atLabel: QLabel
        returned_to: QLineEdit
        returned_toError: QLabel
        returned_toLabel: QLabel


class ReturnHomePageWidgets:
    """The widgets of ui/return_home_page.ui."""

    if TYPE_CHECKING:  # nothing to build when the program runs
        heading: QLabel
        hint: QLabel
        mainLayout: QVBoxLayout
        on: QDateEdit
        onLabel: QLabel
        overdueOnly: QCheckBox
        plansBar: QHBoxLayout
        plansLabel: QLabel
        plansTable: QTableView
        status: QComboBox
        statusLabel: QLabel
        visitsBar: QHBoxLayout
        visitsLabel: QLabel
        visitsTable: QTableView


class ReturnPlanTabWidgets:
    """The widgets of ui/return_plan_tab.ui."""

    if TYPE_CHECKING:  # nothing to build when the program runs
        approvePlan: QPushButton
        assessHome: QPushButton
        cancelPlan: QPushButton
        closePlan: QPushButton
        handOver: QPushButton
        laterButtons: QHBoxLayout
        logTracing: QPushButton
        mainLayout: QVBoxLayout
        printButtons: QHBoxLayout
        printHandover: QPushButton
        printVisit: QPushButton
        recordVisit: QPushButton
        startEscort: QPushButton
        startPlan: QPushButton
        stepButtons: QHBoxLayout
        summary: QPlainTextEdit
        tracingLabel: QLabel
        tracingTable: QTableView
        verifyReceiver: QPushButton
        visitsLabel: QLabel
        visitsTable: QTableView


class RoomDialogWidgets:
    """The widgets of ui/room_dialog.ui."""

    if TYPE_CHECKING:  # nothing to build when the program runs
        beds: QSpinBox
        bedsError: QLabel
        bedsLabel: QLabel
        buttons: QDialogButtonBox
        floor: QLineEdit
        floorError: QLabel
        floorLabel: QLabel
        form: QFormLayout
        intro: QLabel
        mainLayout: QVBoxLayout
        name: QLineEdit
        nameError: QLabel
        nameLabel: QLabel
        note: QPlainTextEdit
        noteError: QLabel
        noteLabel: QLabel
        sex_rule: QComboBox
        sex_ruleError: QLabel
        sex_ruleLabel: QLabel


class RoomsPageWidgets:
    """The widgets of ui/rooms_page.ui."""

    if TYPE_CHECKING:  # nothing to build when the program runs
        addRoom: QPushButton
        board: QScrollArea
        boardContents: QWidget
        bodyLayout: QHBoxLayout
        headerLayout: QHBoxLayout
        howTo: QLabel
        mainLayout: QVBoxLayout
        outsideList: QListWidget
        outsideTitle: QLabel
        placeChild: QPushButton
        printRoster: QPushButton
        sideLayout: QVBoxLayout
        summary: QLabel
        title: QLabel
        unplacedList: QListWidget
        unplacedTitle: QLabel


class RosterDayDialogWidgets:
    """The widgets of ui/roster_day_dialog.ui."""

    if TYPE_CHECKING:  # nothing to build when the program runs
        buttons: QDialogButtonBox
        day: QDateEdit
        dayLabel: QLabel
        form: QFormLayout
        intro: QLabel
        mainLayout: QVBoxLayout


class SignInWidgets:
    """The widgets of ui/sign_in.ui."""

    if TYPE_CHECKING:  # nothing to build when the program runs
        buttonsLayout: QHBoxLayout
        centerName: QLabel
        error: QLabel
        form: QFormLayout
        headerLayout: QHBoxLayout
        language: QComboBox
        logo: QLabel
        mainLayout: QVBoxLayout
        password: QLineEdit
        passwordLabel: QLabel
        quitButton: QPushButton
        signInButton: QPushButton
        subtitle: QLabel
        titleLayout: QVBoxLayout
        username: QLineEdit
        usernameLabel: QLabel


class StaffEditWidgets:
    """The widgets of ui/staff_edit.ui."""

    if TYPE_CHECKING:  # nothing to build when the program runs
        buttons: QDialogButtonBox
        checkDate: QDateEdit
        checkDateError: QLabel
        checkDateLabel: QLabel
        checkForm: QFormLayout
        checkGroup: QGroupBox
        checkHint: QLabel
        checkLayout: QVBoxLayout
        checkReference: QLineEdit
        checkReferenceError: QLabel
        checkReferenceLabel: QLabel
        checkResult: QLineEdit
        checkResultError: QLabel
        checkResultLabel: QLabel
        form: QFormLayout
        fullName: QLineEdit
        fullNameError: QLabel
        fullNameLabel: QLabel
        mainLayout: QVBoxLayout
        password: QLineEdit
        passwordError: QLabel
        passwordLabel: QLabel
        repeat: QLineEdit
        repeatError: QLabel
        repeatLabel: QLabel
        role: QComboBox
        roleError: QLabel
        roleLabel: QLabel
        username: QLineEdit
        usernameError: QLabel
        usernameLabel: QLabel


class StaffPageWidgets:
    """The widgets of ui/staff_page.ui."""

    if TYPE_CHECKING:  # nothing to build when the program runs
        actionsLayout: QHBoxLayout
        addStaff: QPushButton
        editStaff: QPushButton
        mainLayout: QVBoxLayout
        resetPassword: QPushButton
        staffTable: QTableView
        toggleActive: QPushButton


class TaskRulesFormWidgets:
    """The widgets of ui/task_rules_form.ui."""

    if TYPE_CHECKING:  # nothing to build when the program runs
        buttonsLayout: QHBoxLayout
        intro: QLabel
        mainLayout: QVBoxLayout
        rulesError: QLabel
        rulesTable: QTableWidget
        saveRules: QPushButton


class TracingDialogWidgets:
    """The widgets of ui/tracing_dialog.ui."""

    if TYPE_CHECKING:  # nothing to build when the program runs
        buttons: QDialogButtonBox
        contact: QLineEdit
        contactError: QLabel
        contactLabel: QLabel
        form: QFormLayout
        intro: QLabel
        mainLayout: QVBoxLayout
        method: QComboBox
        methodError: QLabel
        methodLabel: QLabel
        next_step: QPlainTextEdit
        next_stepError: QLabel
        next_stepLabel: QLabel
        traced_on: QDateEdit
        traced_onError: QLabel
        traced_onLabel: QLabel
        tracing_result: QPlainTextEdit
        tracing_resultError: QLabel
        tracing_resultLabel: QLabel


class VisitDialogWidgets:
    """The widgets of ui/visit_dialog.ui."""

    if TYPE_CHECKING:  # nothing to build when the program runs
        buttons: QDialogButtonBox
        findings: QPlainTextEdit
        findingsError: QLabel
        findingsLabel: QLabel
        form: QFormLayout
        intro: QLabel
        mainLayout: QVBoxLayout
        method: QComboBox
        methodError: QLabel
        methodLabel: QLabel
        next_step: QPlainTextEdit
        next_stepError: QLabel
        next_stepLabel: QLabel
        risk: QCheckBox
        riskError: QLabel
        situation: QPlainTextEdit
        situationError: QLabel
        situationLabel: QLabel
        visited_on: QDateEdit
        visited_onError: QLabel
        visited_onLabel: QLabel
